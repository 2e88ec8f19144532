/**
 * Opaque cursors of the trace API (see cursor.ts): the routes check them with the query, so a cursor
 * of another list, or edited, is a 400 naming `query.cursor`. Browser-safe (no Buffer).
 */
import { decodeCursorTuple, encodeCursorTuple, isCursorInstant } from './cursor';

const PAGE = 'tp1';
const SEARCH = 'ts1';
const MAX_CURSOR_LENGTH = 1_024;

/** A page of a trace's rows: where it starts. */
export const encodeTracePageCursor = (offset: number): string => encodeCursorTuple([PAGE, offset]);

/** The row offset, or null when the text is not a page cursor this API issued. */
export function decodeTracePageCursor(text: string): number | null {
  const value = decodeCursorTuple(text, PAGE, MAX_CURSOR_LENGTH);
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
  encodeCursorTuple([SEARCH, cursor.time, cursor.correlationId, cursor.to]);

export function decodeTraceSearchCursor(text: string): TraceSearchCursor | null {
  const value = decodeCursorTuple(text, SEARCH, MAX_CURSOR_LENGTH);
  if (!value || value.length !== 4) return null;
  const [, time, correlationId, to] = value;
  if (
    !isCursorInstant(time) ||
    !isCursorInstant(to) ||
    typeof correlationId !== 'string' ||
    correlationId === ''
  )
    return null;
  return { time, correlationId, to };
}
