/**
 * Reads what a request carries, strictly, before any schema sees it: the query string decoded by hand
 * (URLSearchParams turns `%zz` and broken UTF-8 into text silently), and every string in the query, the
 * path parameters and the JSON body checked for what no field of ours accepts: control characters,
 * lone surrogates, bytes that are not UTF-8. Each problem names its field (`query.topic`, `params.id`,
 * `body.rule.name`), so the 400 says what to fix.
 */

export interface InputIssue {
  path: string;
  message: string;
}

export type InputResult<T> = { ok: true; value: T } | { ok: false; issues: InputIssue[]; tooLarge?: true };

/** Longest JSON body a route reads; past it the request is refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

const BAD_ENCODING =
  'not valid percent-encoding: each % must start an escape %XX, and the escapes must spell UTF-8';

// one-line values (query, path) take no control character at all; bodies may hold tab, LF and CR
const LINE_CONTROL = /[\u0000-\u001f\u007f]/;
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` is refused, or null. */
export function textProblem(text: string, multiline = false): string | null {
  const control = (multiline ? BODY_CONTROL : LINE_CONTROL).exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control characters (U+${code} at character ${control.index + 1})`;
  }
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    return `is not valid Unicode (a lone surrogate U+${code} at character ${surrogate.index + 1})`;
  }
  return null;
}

function decodeComponent(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

/**
 * The query string (`?a=1&b=x&b=y`) as an object: a repeated key becomes an array, a single key stays
 * a string. Keys and values are percent-decoded strictly and checked with `textProblem`.
 */
export function parseQuery(search: string): InputResult<Record<string, string | string[]>> {
  const out: Record<string, string | string[]> = {};
  const issues: InputIssue[] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const rawKey = equals === -1 ? part : part.slice(0, equals);
    const key = decodeComponent(rawKey);
    const keyProblem = key === null ? BAD_ENCODING : textProblem(key);
    if (key === null || keyProblem) {
      issues.push({ path: `query.${rawKey}`, message: `parameter name ${keyProblem ?? BAD_ENCODING}` });
      continue;
    }
    const where = `query.${key}`;
    const value = decodeComponent(equals === -1 ? '' : part.slice(equals + 1));
    const valueProblem = value === null ? BAD_ENCODING : textProblem(value);
    if (value === null || valueProblem) {
      issues.push({ path: where, message: valueProblem ?? BAD_ENCODING });
      continue;
    }
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: out };
}

/** Path parameters as Next decoded them: the same checks as query values. */
export function checkParams(
  params: Record<string, string | string[]>,
): InputResult<Record<string, string | string[]>> {
  const issues: InputIssue[] = [];
  for (const [name, value] of Object.entries(params)) {
    for (const text of Array.isArray(value) ? value : [value]) {
      const problem = textProblem(text);
      if (problem) issues.push({ path: `params.${name}`, message: problem });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: params };
}

/** The body's bytes, or null once they pass `limit` (the rest is left unread). */
async function readBytes(request: Request, limit: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get('content-length')) > limit) return null;
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = request.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    length += read.value.byteLength;
    if (length > limit) {
      await reader?.cancel();
      return null;
    }
    parts.push(read.value);
  }
  return Buffer.concat(parts, length);
}

/**
 * The JSON body: at most `limit` bytes (else `tooLarge`, a 413), UTF-8 (strictly), one JSON value, and
 * no string in it (keys included) with a control character other than tab, LF or CR or a lone surrogate.
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<InputResult<unknown>> {
  const bytes = await readBytes(request, limit);
  if (!bytes)
    return { ok: false, tooLarge: true, issues: [{ path: 'body', message: `at most ${limit} bytes` }] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, issues: [{ path: 'body', message: 'not valid UTF-8' }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: 'body', message: `expected a JSON body (${(error as Error).message})` }],
    };
  }
  const issues: InputIssue[] = [];
  checkStrings(value, 'body', 0, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/** Deeper JSON is refused: no body of ours nests this far, and the walk below stays off the stack's end. */
export const MAX_BODY_DEPTH = 32;
const MAX_ISSUES = 20;

function checkStrings(value: unknown, path: string, depth: number, issues: InputIssue[]): void {
  if (issues.length >= MAX_ISSUES) return;
  if (typeof value === 'string') {
    const problem = textProblem(value, true);
    if (problem) issues.push({ path, message: problem });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_BODY_DEPTH) {
    issues.push({ path, message: `nested deeper than ${MAX_BODY_DEPTH} levels` });
    return;
  }
  const entries = Array.isArray(value)
    ? value.map((item, i) => [String(i), item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    const problem = textProblem(key);
    // a refused key is shown escaped: the path must not carry the character it complains about
    if (problem)
      issues.push({ path: `${path}.${JSON.stringify(key).slice(1, -1)}`, message: `key ${problem}` });
    else checkStrings(item, `${path}.${key}`, depth + 1, issues);
  }
}
