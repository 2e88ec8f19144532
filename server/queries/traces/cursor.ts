/**
 * Opaque cursors of the trace API: base64url JSON tuples with a version tag, decoded and checked like
 * any other input (a cursor of another list, or edited, is a 400 naming the parameter).
 */
import { InvalidCursorError } from '../errors';

const PAGE = 'tp1';
const SEARCH = 'ts1';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const encode = (value: unknown[]): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function decode(text: string, tag: string): unknown[] {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(text)) throw new Error('not base64url');
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(value) || value[0] !== tag) throw new InvalidCursorError();
  return value as unknown[];
}

/** A page of a trace's rows: where it starts. */
export const encodePageCursor = (offset: number): string => encode([PAGE, offset]);

export function decodePageCursor(text: string | undefined): number {
  if (text === undefined) return 0;
  const [, offset] = decode(text, PAGE);
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0)
    throw new InvalidCursorError();
  return offset;
}

/**
 * Trace search resumes its newest-first scan below the row (`time`, `correlationId`), exclusive; `to`
 * is the top of the first page's window, which later pages keep so that they can tell a trace that an
 * earlier page listed already.
 */
export interface SearchCursor {
  time: string;
  correlationId: string;
  to: string;
}

export const encodeSearchCursor = (cursor: SearchCursor): string =>
  encode([SEARCH, cursor.time, cursor.correlationId, cursor.to]);

export function decodeSearchCursor(text: string | undefined): SearchCursor | null {
  if (text === undefined) return null;
  const [, time, correlationId, to, ...rest] = decode(text, SEARCH);
  if (typeof time !== 'string' || typeof to !== 'string' || typeof correlationId !== 'string') {
    throw new InvalidCursorError();
  }
  if (rest.length > 0 || correlationId === '' || !isInstant(time) || !isInstant(to))
    throw new InvalidCursorError();
  return { time, correlationId, to };
}

const isInstant = (text: string): boolean => ISO.test(text) && !Number.isNaN(Date.parse(text));
