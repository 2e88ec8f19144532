/**
 * Opaque keyset cursors of the saga list (newest activity first, then saga id): base64url of
 * `["s1", updatedAt with microseconds, sagaId]`, validated like any other input.
 */
const VERSION = 's1';
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export interface SagaCursor {
  /** The last item's updated_at, ISO 8601 UTC with microseconds. */
  at: string;
  sagaId: string;
}

export function encodeSagaCursor(cursor: SagaCursor): string {
  return Buffer.from(JSON.stringify([VERSION, cursor.at, cursor.sagaId]), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this list issued. */
export function decodeSagaCursor(text: string): SagaCursor | null {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== VERSION) return null;
  const [, at, sagaId] = value as unknown[];
  if (typeof at !== 'string' || typeof sagaId !== 'string' || sagaId === '') return null;
  if (!CURSOR_TIME.test(at) || Number.isNaN(Date.parse(at))) return null;
  return { at, sagaId };
}
