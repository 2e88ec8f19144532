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
 * Trace search resumes its newest-first scan below `before` (exclusive); `to` is the window's top,
 * which a later page keeps so that it can tell a trace it listed already.
 */
export interface SearchCursor {
  before: string;
  to: string;
}

export const encodeSearchCursor = (cursor: SearchCursor): string =>
  encode([SEARCH, cursor.before, cursor.to]);

export function decodeSearchCursor(text: string | undefined): SearchCursor | null {
  if (text === undefined) return null;
  const [, before, to, ...rest] = decode(text, SEARCH);
  if (typeof before !== 'string' || typeof to !== 'string' || rest.length > 0) throw new InvalidCursorError();
  if (!ISO.test(before) || !ISO.test(to) || Number.isNaN(Date.parse(before)) || Number.isNaN(Date.parse(to)))
    throw new InvalidCursorError();
  return { before, to };
}
