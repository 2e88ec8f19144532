/**
 * Opaque keyset cursors: base64url of a small JSON tuple headed by a tag naming the list that issued
 * it. Clients never build or read them; the server decodes and validates them like any other input.
 * Browser-safe (no Buffer).
 */
import type { z } from 'zod';

/** What a request with a cursor this API did not issue (or issued for another list) is told. */
export const CURSOR_MESSAGE =
  'not a cursor this API issued; pass back nextCursor from the previous page unchanged';

const MAX_CURSOR_LENGTH = 4_096;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** An ISO 8601 UTC instant as cursors carry it (with up to microseconds, as Postgres keeps them). */
export const isCursorInstant = (value: unknown): value is string =>
  typeof value === 'string' && CURSOR_TIME.test(value) && !Number.isNaN(Date.parse(value));

export const encodeCursorTuple = (tuple: readonly unknown[]): string => toBase64Url(JSON.stringify(tuple));

/** The tuple of a cursor issued under `tag` (tag first), or null when the text is not one. */
export function decodeCursorTuple(
  text: string,
  tag: string,
  maxLength = MAX_CURSOR_LENGTH,
): unknown[] | null {
  if (text.length === 0 || text.length > maxLength) return null;
  const json = fromBase64Url(text);
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value[0] === tag ? (value as unknown[]) : null;
  } catch {
    return null;
  }
}

/** `schema` with its `cursor` checked by `decode`: a foreign cursor is an issue at `cursor`. */
export function checkingCursor<S extends z.ZodType<{ cursor?: string | undefined }>>(
  schema: S,
  decode: (text: string) => unknown,
): S {
  return schema.superRefine((value, ctx) => {
    if (value.cursor !== undefined && decode(value.cursor) === null) {
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: CURSOR_MESSAGE });
    }
  }) as unknown as S;
}

/** Where a list ordered newest first by a time, then by an id, goes on: below this row. */
export interface TimeIdCursor {
  /** The last row's time, ISO 8601 UTC with microseconds. */
  time: string;
  id: string;
}

/** The cursors of one time-then-id list (dead letters, sagas, a rule's alerts), under its own tag. */
export function timeIdCursor(tag: string): {
  encode: (cursor: TimeIdCursor) => string;
  decode: (text: string) => TimeIdCursor | null;
} {
  return {
    encode: (cursor) => encodeCursorTuple([tag, cursor.time, cursor.id]),
    decode: (text) => {
      const value = decodeCursorTuple(text, tag, 512);
      if (!value || value.length !== 3) return null;
      const [, time, id] = value;
      return isCursorInstant(time) && typeof id === 'string' && id !== '' ? { time, id } : null;
    },
  };
}

/** The events list's cursor: its order too, so that a page goes on only in the order that issued it. */
export interface EventCursor {
  /** The last item's `time`, ISO 8601 in UTC with microseconds (Postgres keeps microseconds). */
  time: string;
  source: string;
  id: string;
  /** The order of the search that issued it: a page further in that order only. */
  order: 'desc' | 'asc';
}

const EVENTS = 'e1';

export function encodeEventCursor(cursor: EventCursor): string {
  const tuple = [EVENTS, cursor.time, cursor.source, cursor.id];
  // newest-first cursors keep their original form, so cursors issued before `order` stay valid
  return encodeCursorTuple(cursor.order === 'asc' ? [...tuple, 'asc'] : tuple);
}

/** The cursor, or null when the text is not one this API issued. */
export function decodeEventCursor(text: string): EventCursor | null {
  const value = decodeCursorTuple(text, EVENTS);
  if (!value || value.length < 4 || value.length > 5) return null;
  const [, time, source, id, order = 'desc'] = value;
  if (order !== 'desc' && order !== 'asc') return null;
  if (!isCursorInstant(time) || typeof source !== 'string' || typeof id !== 'string') return null;
  if (source === '' || id === '') return null;
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
