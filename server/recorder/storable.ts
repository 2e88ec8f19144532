/**
 * Makes values storable in Postgres text and jsonb columns, so that one odd entry can never fail a
 * whole batch: text cannot hold U+0000, jsonb refuses `\u0000` and lone surrogate escapes, a btree
 * index entry must stay under ~2.7 kB, and nesting has a limit (MAX_JSON_DEPTH). Pure functions, used
 * by the projection and the batch writer.
 */

/** Longest indexed text kept as is (UTF-16 units; at most 3 UTF-8 bytes each). Longer is shortened. */
export const MAX_INDEXED_CHARS = 400;

const REPLACEMENT = '\uFFFD';

/** Text without NUL characters (Postgres text cannot hold them). */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', REPLACEMENT) : text;
}

export function storableNullable(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : storableText(text);
}

/**
 * Text for an indexed column: NUL-free and at most MAX_INDEXED_CHARS. Longer values keep their head
 * and a hash of the whole, so that distinct long values stay distinct (identity columns rely on it).
 */
export function indexedText(text: string): string {
  const clean = storableText(text);
  if (clean.length <= MAX_INDEXED_CHARS) return clean;
  return `${clean.slice(0, MAX_INDEXED_CHARS - 10)}…#${fnv1a(clean)}`;
}

export function indexedNullable(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : indexedText(text);
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable fingerprint (not a security hash). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

// An escape JSON.stringify emits that jsonb refuses: NUL, or a surrogate (JSON.stringify escapes only lone
// ones). The leading run of backslashes tells an escape (odd run) from an escaped backslash (even run).
const REFUSED_ESCAPE = /(\\+)u(0000|d[89a-f][0-9a-f]{2})/gi;

/**
 * The deepest nesting of arrays and objects stored as jsonb. Deeper values are not stored: past a few
 * thousand levels JSON.stringify overflows the stack, PGlite stops answering (measured near 8,000) and
 * whoever reads the row back (the API, the browser) would choke on it too.
 */
export const MAX_JSON_DEPTH = 1_000;

const TOO_DEEP = `it nests deeper than ${MAX_JSON_DEPTH} levels`;

export type StorableJson = { ok: true; text: string | null } | { ok: false; reason: string };

/**
 * A JSON value as jsonb text (see jsonbText), or why it cannot be stored. Decided per entry when it is
 * projected, so that a value the store cannot hold becomes an undecodable row instead of failing a batch.
 */
export function storableJson(value: unknown): StorableJson {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    // a RangeError is the stack running out: far deeper than MAX_JSON_DEPTH
    return error instanceof RangeError
      ? { ok: false, reason: TOO_DEEP }
      : { ok: false, reason: `it is not encodable as JSON (${(error as Error).message})` };
  }
  if (json === undefined) return { ok: true, text: null };
  // each level takes two characters: shorter text cannot nest too deeply
  if (json.length > 2 * MAX_JSON_DEPTH && nestsDeeperThan(json, MAX_JSON_DEPTH)) {
    return { ok: false, reason: TOO_DEEP };
  }
  return { ok: true, text: withoutRefusedEscapes(json) };
}

/** JSON text Postgres' jsonb accepts; null for undefined. For flat values (raw fields), which always encode. */
export function jsonbText(value: unknown): string | null {
  if (value === undefined) return null;
  const json = JSON.stringify(value);
  return json === undefined ? null : withoutRefusedEscapes(json);
}

function withoutRefusedEscapes(json: string): string {
  if (!json.includes('\\u')) return json;
  return json.replace(REFUSED_ESCAPE, (match: string, slashes: string) =>
    slashes.length % 2 === 1 ? `${slashes.slice(1)}\\ufffd` : match,
  );
}

/** Whether JSON text nests arrays and objects deeper than `max` (brackets inside strings do not count). */
export function nestsDeeperThan(json: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth -= 1;
  }
  return false;
}

const QUOTE = '"'.charCodeAt(0);
const BACKSLASH = '\\'.charCodeAt(0);
const OPEN_ARRAY = '['.charCodeAt(0);
const CLOSE_ARRAY = ']'.charCodeAt(0);
const OPEN_OBJECT = '{'.charCodeAt(0);
const CLOSE_OBJECT = '}'.charCodeAt(0);

/** Strict ISO-8601 with a zone: Postgres reads it exactly as JavaScript does (and keeps microseconds). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** 1970-01-01 .. 9999-12-31: what both `Date#toISOString` and timestamptz agree on. */
const MIN_MS = 0;
const MAX_MS = 253_402_300_799_999;

/**
 * A timestamp both sides read the same way: `{ iso, ms }` for a strict ISO-8601 string in range (the
 * string itself, so microseconds survive), else null. Loose inputs ("now", "yesterday", "Jan 1") are
 * refused: Postgres would read some of them differently on every insert.
 */
export function parseIsoTime(text: string | undefined): { iso: string; ms: number } | null {
  if (text === undefined || !ISO_TIME.test(text)) return null;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
  return { iso: text, ms };
}

/** Milliseconds in range, as an ISO string; null when out of range or not finite. */
export function isoFromMs(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
  return new Date(ms).toISOString();
}

/** A 32-bit signed integer, else null (an int column would refuse the whole batch). */
export function int32(value: unknown): number | null {
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= -2_147_483_648 &&
    value <= 2_147_483_647
    ? value
    : null;
}
