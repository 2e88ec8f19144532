/** The trace cursors decoded for the queries: a foreign one is a 400 even when a route did not check it. */
import {
  decodeTracePageCursor,
  decodeTraceSearchCursor,
  type TraceSearchCursor,
} from '@/server/contracts/trace-cursor';
import { InvalidCursorError } from '../errors';

export {
  encodeTracePageCursor as encodePageCursor,
  encodeTraceSearchCursor as encodeSearchCursor,
} from '@/server/contracts/trace-cursor';

export function decodePageCursor(text: string | undefined): number {
  if (text === undefined) return 0;
  const offset = decodeTracePageCursor(text);
  if (offset === null) throw new InvalidCursorError();
  return offset;
}

export function decodeSearchCursor(text: string | undefined): TraceSearchCursor | null {
  if (text === undefined) return null;
  const cursor = decodeTraceSearchCursor(text);
  if (!cursor) throw new InvalidCursorError();
  return cursor;
}
