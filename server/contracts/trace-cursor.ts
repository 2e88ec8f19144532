/**
 * Opaque cursors of the trace API: base64url JSON tuples with a version tag. Clients never build or read
 * them; the routes check them with the query (a cursor of another list, or edited, is a 400 naming
 * `query.cursor`). Browser-safe (no Buffer).
 */
import type { z } from 'zod';
import { fromBase64Url, toBase64Url } from './cursor';

const PAGE = 'tp1';
const SEARCH = 'ts1';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const MAX_CURSOR_LENGTH = 1_024;

export const CURSOR_MESSAGE =
  'not a cursor this API issued; pass back nextCursor from the previous page unchanged';

function decode(text: string, tag: string): unknown[] | null {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH) return null;
  const json = fromBase64Url(text);
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value[0] === tag ? (value as unknown[]) : null;
  } catch {
    return null;
  }
}

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value));

/** A page of a trace's rows: where it starts. */
export const encodeTracePageCursor = (offset: number): string => toBase64Url(JSON.stringify([PAGE, offset]));

/** The row offset, or null when the text is not a page cursor this API issued. */
export function decodeTracePageCursor(text: string): number | null {
  const value = decode(text, PAGE);
  if (!value || value.length !== 2) return null;
  const offset = value[1];
  return typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0 ? offset : null;
}

/**
 * Trace search resumes its newest-first walk below the row (`time`, `correlationId`), exclusive; `to`
 * is the top of the first page's window, which later pages keep so that they can tell a trace that an
 * earlier page listed already.
 */
export interface TraceSearchCursor {
  time: string;
  correlationId: string;
  to: string;
}

export const encodeTraceSearchCursor = (cursor: TraceSearchCursor): string =>
  toBase64Url(JSON.stringify([SEARCH, cursor.time, cursor.correlationId, cursor.to]));

export function decodeTraceSearchCursor(text: string): TraceSearchCursor | null {
  const value = decode(text, SEARCH);
  if (!value || value.length !== 4) return null;
  const [, time, correlationId, to] = value;
  if (!isInstant(time) || !isInstant(to) || typeof correlationId !== 'string' || correlationId === '')
    return null;
  return { time, correlationId, to };
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
