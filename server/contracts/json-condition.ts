/**
 * Conditions on an event's `data`, as the events search accepts them, parsed into a small validated
 * structure and rendered as a Postgres SQL/JSON path predicate from that structure (never from the
 * input text). The server binds the rendered predicate as a parameter (`data @? $1::jsonpath`); user
 * text never reaches SQL.
 *
 * Two spellings:
 *  - separate parameters: `data.path=$.severity&data.op=eq&data.value=high`
 *  - compact: `where=$.severity == "high"` (repeat `where` to AND several conditions)
 *
 * Paths: `$` then `.key`, `."any key"`, `["any key"]`, `[0]`, `[*]` (every element) or `.*` (every
 * member); the leading `$.` may be left out (`severity.level`). Semantics are lax SQL/JSON: arrays on
 * the way are unwrapped, so `$.tags == "urgent"` matches when the array `tags` holds "urgent", and a
 * missing path matches nothing (not even `!=`).
 */
export const JSON_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'startsWith', 'exists'] as const;
export type JsonOp = (typeof JSON_OPS)[number];
export type JsonScalar = string | number | boolean | null;

export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'elements' }
  | { kind: 'members' };

export interface DataCondition {
  segments: PathSegment[];
  op: JsonOp;
  /** Absent for `exists`. */
  value?: JsonScalar;
}

export const MAX_PATH_LENGTH = 300;
export const MAX_PATH_SEGMENTS = 24;
const MAX_INDEX = 1_000_000;

/** A condition that does not parse; the message says what is wrong and where. */
export class ConditionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

const OP_SYMBOL: Record<Exclude<JsonOp, 'exists'>, string> = {
  eq: '==',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  startsWith: 'starts with',
};

/** Compact operators, longest first so `>=` is not read as `>`. A single `=` is accepted for `==`. */
const COMPACT_OPS: readonly [string, Exclude<JsonOp, 'exists'>][] = [
  ['starts with', 'startsWith'],
  ['==', 'eq'],
  ['!=', 'ne'],
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['=', 'eq'],
];

const BARE_KEY = /[A-Za-z0-9_-]/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses a whole path (`$.a.b[0]`); throws ConditionSyntaxError. */
export function parsePath(text: string): PathSegment[] {
  const trimmed = text.trim();
  if (trimmed.length > MAX_PATH_LENGTH) {
    throw new ConditionSyntaxError(`the path is longer than ${MAX_PATH_LENGTH} characters`);
  }
  const { segments, end } = scanPath(trimmed, 0);
  if (end !== trimmed.length) {
    throw new ConditionSyntaxError(
      `unexpected ${JSON.stringify(trimmed[end])} at position ${end + 1} of the path`,
    );
  }
  return segments;
}

/** Reads a path from `start`; stops at the first character that cannot continue it. */
function scanPath(text: string, start: number): { segments: PathSegment[]; end: number } {
  const segments: PathSegment[] = [];
  let pos = start;
  if (text[pos] === '$') {
    pos += 1;
  } else if (text[pos] === '"' || (text[pos] !== undefined && BARE_KEY.test(text[pos]!))) {
    // implicit root: `severity.level` means `$.severity.level`
    const key = readKey(text, pos);
    segments.push({ kind: 'key', key: key.key });
    pos = key.end;
  } else {
    throw new ConditionSyntaxError('a path starts with $ (for example $.severity)');
  }
  for (;;) {
    const char = text[pos];
    if (char === '.') {
      if (text[pos + 1] === '*') {
        segments.push({ kind: 'members' });
        pos += 2;
      } else {
        const key = readKey(text, pos + 1);
        segments.push({ kind: 'key', key: key.key });
        pos = key.end;
      }
    } else if (char === '[') {
      const close = readBracket(text, pos);
      segments.push(close.segment);
      pos = close.end;
    } else {
      break;
    }
    if (segments.length > MAX_PATH_SEGMENTS) {
      throw new ConditionSyntaxError(`a path has at most ${MAX_PATH_SEGMENTS} steps`);
    }
  }
  return { segments, end: pos };
}

function readKey(text: string, pos: number): { key: string; end: number } {
  if (text[pos] === '"') return readQuoted(text, pos);
  let end = pos;
  while (end < text.length && BARE_KEY.test(text[end]!)) end += 1;
  if (end === pos) {
    throw new ConditionSyntaxError(
      `expected a key at position ${pos + 1} of the path (quote keys with other characters: ."my key")`,
    );
  }
  return { key: text.slice(pos, end), end };
}

function readQuoted(text: string, pos: number): { key: string; end: number } {
  let end = pos + 1;
  while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
  if (end >= text.length) throw new ConditionSyntaxError(`unterminated quoted key at position ${pos + 1}`);
  let key: unknown;
  try {
    key = JSON.parse(text.slice(pos, end + 1));
  } catch {
    throw new ConditionSyntaxError(`invalid escape in the quoted key at position ${pos + 1}`);
  }
  if (typeof key !== 'string' || key.includes('\u0000') || LONE_SURROGATE.test(key)) {
    throw new ConditionSyntaxError(`invalid quoted key at position ${pos + 1}`);
  }
  return { key, end: end + 1 };
}

function readBracket(text: string, pos: number): { segment: PathSegment; end: number } {
  const inner = pos + 1;
  if (text[inner] === '*' && text[inner + 1] === ']')
    return { segment: { kind: 'elements' }, end: inner + 2 };
  if (text[inner] === '"') {
    const quoted = readQuoted(text, inner);
    if (text[quoted.end] !== ']') throw new ConditionSyntaxError(`expected ] at position ${quoted.end + 1}`);
    return { segment: { kind: 'key', key: quoted.key }, end: quoted.end + 1 };
  }
  const digits = /^\d+/.exec(text.slice(inner))?.[0];
  if (!digits || text[inner + digits.length] !== ']') {
    throw new ConditionSyntaxError(`expected [<index>], [*] or ["key"] at position ${pos + 1} of the path`);
  }
  const index = Number(digits);
  if (index > MAX_INDEX) throw new ConditionSyntaxError(`array index ${digits} is too large`);
  return { segment: { kind: 'index', index }, end: inner + digits.length + 1 };
}

/**
 * `data.value` as given in the query string: a JSON scalar when it reads as one (`5`, `true`, `null`,
 * `"5"`), else the text itself (`high`). Objects and arrays are refused.
 */
export function parseLooseValue(text: string): JsonScalar {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return checkString(text);
  }
  return checkScalar(value, text);
}

/** A strict JSON scalar (strings in double quotes), as the compact form requires. */
function parseStrictValue(text: string, op: string): JsonScalar {
  if (text === '') throw new ConditionSyntaxError(`expected a value after ${op}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConditionSyntaxError(
      `expected a JSON value after ${op} (strings in double quotes, e.g. "high"), got ${text}`,
    );
  }
  return checkScalar(value, text);
}

function checkScalar(value: unknown, text: string): JsonScalar {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ConditionSyntaxError(`${text} is not a finite number`);
    return value;
  }
  if (typeof value === 'string') return checkString(value);
  throw new ConditionSyntaxError('compare with a string, number, boolean or null, not an object or array');
}

/** A UTF-16 surrogate without its partner: not encodable as UTF-8, so Postgres would refuse it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(value: string): string {
  if (value.includes('\u0000')) throw new ConditionSyntaxError('values may not contain the NUL character');
  if (LONE_SURROGATE.test(value)) throw new ConditionSyntaxError('values must be valid Unicode text');
  return value;
}

/** Checks that the value suits the operator. */
export function buildCondition(
  segments: PathSegment[],
  op: JsonOp,
  value: JsonScalar | undefined,
): DataCondition {
  if (op === 'exists') return { segments, op };
  if (value === undefined) throw new ConditionSyntaxError(`${OP_SYMBOL[op]} needs a value`);
  if (op === 'startsWith' && typeof value !== 'string') {
    throw new ConditionSyntaxError('starts with needs a string value');
  }
  const ordering = op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte';
  if (ordering && typeof value !== 'number' && typeof value !== 'string') {
    throw new ConditionSyntaxError(`${OP_SYMBOL[op]} compares numbers or strings, not ${String(value)}`);
  }
  return { segments, op, value };
}

/**
 * The compact form: `<path> <op> <JSON value>`, `<path>` alone or `exists(<path>)` for presence.
 * Operators: == != > >= < <= and `starts with`.
 */
export function parseCompactCondition(text: string): DataCondition {
  const input = text.trim();
  if (input === '') throw new ConditionSyntaxError('the condition is empty');
  if (input.length > MAX_PATH_LENGTH * 2) {
    throw new ConditionSyntaxError(`the condition is longer than ${MAX_PATH_LENGTH * 2} characters`);
  }
  const exists = /^exists\s*\((.*)\)$/s.exec(input);
  if (exists) return { segments: parsePath(exists[1] ?? ''), op: 'exists' };

  const { segments, end } = scanPath(input, 0);
  const rest = input.slice(end).trimStart();
  if (rest === '') return { segments, op: 'exists' };
  const match = COMPACT_OPS.find(([symbol]) => rest.startsWith(symbol));
  if (!match) {
    throw new ConditionSyntaxError(
      `expected an operator (== != > >= < <= or starts with) after the path, got ${JSON.stringify(rest.slice(0, 12))}`,
    );
  }
  const [symbol, op] = match;
  return buildCondition(segments, op, parseStrictValue(rest.slice(symbol.length).trim(), symbol));
}

/** The path as SQL/JSON path text; keys are always quoted, so no key is read as a keyword. */
export function renderPath(segments: readonly PathSegment[]): string {
  return (
    '$' +
    segments
      .map((segment) => {
        switch (segment.kind) {
          case 'key':
            return `.${JSON.stringify(segment.key)}`;
          case 'index':
            return `[${segment.index}]`;
          case 'elements':
            return '[*]';
          case 'members':
            return '.*';
        }
      })
      .join('')
  );
}

/**
 * The condition as one SQL/JSON path predicate, for `data @? $1::jsonpath` (bound as a parameter; the
 * operator can use a GIN `jsonb_path_ops` index). Built only from the parsed structure: keys and string
 * values are JSON string literals (jsonpath shares JSON's escapes), numbers, booleans and null their
 * JSON spelling, so no input can change the shape of the expression.
 */
export function toJsonPathPredicate(condition: DataCondition): string {
  const path = renderPath(condition.segments);
  if (condition.op === 'exists' || condition.value === undefined) return path;
  return `${path} ? (@ ${OP_SYMBOL[condition.op]} ${JSON.stringify(condition.value)})`;
}

/** A readable form for labels and echoes: `$.severity == "high"`. */
export function describeCondition(condition: DataCondition): string {
  const path =
    '$' +
    condition.segments
      .map((segment) => {
        if (segment.kind === 'key')
          return IDENTIFIER.test(segment.key) ? `.${segment.key}` : `.${JSON.stringify(segment.key)}`;
        if (segment.kind === 'index') return `[${segment.index}]`;
        return segment.kind === 'elements' ? '[*]' : '.*';
      })
      .join('');
  if (condition.op === 'exists') return `exists(${path})`;
  return `${path} ${OP_SYMBOL[condition.op]} ${JSON.stringify(condition.value)}`;
}
