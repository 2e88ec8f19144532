import type { DeadLetterDetail } from '@/server/contracts/dead-letter-list';

/** The letter's event as editable CloudEvents JSON: the envelope with its data put back. */
export function editableEvent(letter: Pick<DeadLetterDetail, 'envelope' | 'data'>): string {
  if (!letter.envelope) return '';
  let data: unknown = null;
  if (letter.data) {
    try {
      data = JSON.parse(letter.data.text);
    } catch {
      data = letter.data.text; // a cut preview: the text, for the editor to fix
    }
  }
  return JSON.stringify({ ...letter.envelope, data }, null, 2);
}
