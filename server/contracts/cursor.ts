/**
 * Opaque keyset cursors for the events list: base64url of a small JSON tuple. Clients never build or
 * read them; the server decodes and validates them like any other input. Browser-safe (no Buffer).
 */
export interface EventCursor {
  /** The last item's `time`, ISO 8601 in UTC with microseconds (Postgres keeps microseconds). */
  time: string;
  source: string;
  id: string;
  /** The order of the search that issued it: a page further in that order only. */
  order: 'desc' | 'asc';
}

const VERSION = 'e1';
const MAX_CURSOR_LENGTH = 4_096;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeEventCursor(cursor: EventCursor): string {
  const tuple = [VERSION, cursor.time, cursor.source, cursor.id];
  // newest-first cursors keep their original form, so cursors issued before `order` stay valid
  return toBase64Url(JSON.stringify(cursor.order === 'asc' ? [...tuple, 'asc'] : tuple));
}

/** The cursor, or null when the text is not one this API issued. */
export function decodeEventCursor(text: string): EventCursor | null {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH) return null;
  const json = fromBase64Url(text);
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length < 4 || value.length > 5 || value[0] !== VERSION) return null;
  const [, time, source, id, order = 'desc'] = value as unknown[];
  if (order !== 'desc' && order !== 'asc') return null;
  if (typeof time !== 'string' || typeof source !== 'string' || typeof id !== 'string') return null;
  if (!CURSOR_TIME.test(time) || Number.isNaN(Date.parse(time)) || source === '' || id === '') return null;
  return { time, source, id, order };
}

export function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
