/**
 * Opaque keyset cursors of the dead-letter list (newest last failure first, then id): base64url of
 * `["d1", lastFailureAt with microseconds, id]`, validated like any other input.
 */
const VERSION = 'd1';
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export interface DeadLetterCursor {
  /** The last item's last failure, ISO 8601 UTC with microseconds (Postgres keeps microseconds). */
  at: string;
  id: string;
}

export function encodeDeadLetterCursor(cursor: DeadLetterCursor): string {
  return Buffer.from(JSON.stringify([VERSION, cursor.at, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this list issued. */
export function decodeDeadLetterCursor(text: string): DeadLetterCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== VERSION) return null;
  const [, at, id] = value as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || id === '') return null;
  if (!CURSOR_TIME.test(at) || Number.isNaN(Date.parse(at))) return null;
  return { at, id };
}
