import type { PathSegment } from '@/server/contracts/json-condition';
import { MASKED_VALUE } from '@/server/contracts/masking';

/**
 * Masking rule paths: a small JSONPath subset, parsed and applied here (no library: the subset is all
 * rules need, and a pure walker is easy to bound). `$` then any of `.key`, `."any key"`,
 * `["any key"]`, `[0]`, `[*]` / `.*` (every child), and `..` before a step (that step at any depth):
 * `$.card.number`, `$..email`, `$.items[*].iban`, `$..["e-mail"]`. No filters, slices or unions.
 * The leading `$` may be left out (`card.number`). A matched node is replaced whole by `***`.
 */
export type Selector = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'any' };
export interface MaskStep {
  /** `..`: the selector applies at this level or any level below it. */
  deep: boolean;
  selector: Selector;
}

export class MaskPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaskPathError';
  }
}

const NAME = /[A-Za-z0-9_-]/;
const MAX_STEPS = 24;
/** Deeper than this, a node is masked whole rather than walked: the walk stays bounded. */
const MAX_DEPTH = 64;

/** Parses a rule path; throws MaskPathError saying what is wrong and where. */
export function parseMaskPath(text: string): MaskStep[] {
  const path = text.trim();
  const steps: MaskStep[] = [];
  let pos = 0;
  if (path[pos] === '$') pos += 1;
  else if (path[pos] !== undefined && (NAME.test(path[pos]!) || path[pos] === '"')) {
    const name = readName(path, pos);
    steps.push({ deep: false, selector: { kind: 'key', key: name.key } });
    pos = name.end;
  } else throw new MaskPathError('a path starts with $ (for example $.card.number or $..email)');
  while (pos < path.length) {
    let deep = false;
    if (path.startsWith('..', pos)) {
      deep = true;
      pos += 2;
    } else if (path[pos] === '.') {
      pos += 1;
    } else if (path[pos] !== '[') {
      throw new MaskPathError(`unexpected ${JSON.stringify(path[pos])} at position ${pos + 1}`);
    }
    if (path[pos] === '[') {
      const bracket = readBracket(path, pos);
      steps.push({ deep, selector: bracket.selector });
      pos = bracket.end;
    } else if (path[pos] === '*') {
      steps.push({ deep, selector: { kind: 'any' } });
      pos += 1;
    } else {
      const name = readName(path, pos);
      steps.push({ deep, selector: { kind: 'key', key: name.key } });
      pos = name.end;
    }
    if (steps.length > MAX_STEPS) throw new MaskPathError(`a path has at most ${MAX_STEPS} steps`);
  }
  if (steps.length === 0) throw new MaskPathError('the path names nothing inside the payload ($ alone)');
  return steps;
}

function readName(path: string, start: number): { key: string; end: number } {
  if (path[start] === '"' || path[start] === "'") return readQuoted(path, start);
  let end = start;
  while (end < path.length && NAME.test(path[end]!)) end += 1;
  if (end === start) throw new MaskPathError(`expected a name at position ${start + 1}`);
  return { key: path.slice(start, end), end };
}

function readQuoted(path: string, start: number): { key: string; end: number } {
  const quote = path[start]!;
  const close = path.indexOf(quote, start + 1);
  if (close < 0) throw new MaskPathError(`unclosed ${quote} at position ${start + 1}`);
  return { key: path.slice(start + 1, close), end: close + 1 };
}

function readBracket(path: string, start: number): { selector: Selector; end: number } {
  const inner = path[start + 1];
  if (inner === '"' || inner === "'") {
    const name = readQuoted(path, start + 1);
    if (path[name.end] !== ']') throw new MaskPathError(`expected ] at position ${name.end + 1}`);
    return { selector: { kind: 'key', key: name.key }, end: name.end + 1 };
  }
  const close = path.indexOf(']', start);
  if (close < 0) throw new MaskPathError(`unclosed [ at position ${start + 1}`);
  const body = path.slice(start + 1, close).trim();
  if (body === '*') return { selector: { kind: 'any' }, end: close + 1 };
  if (/^\d{1,7}$/.test(body)) return { selector: { kind: 'index', index: Number(body) }, end: close + 1 };
  throw new MaskPathError(`[${body}] is not [n], [*] or ["key"] (position ${start + 1})`);
}

/** Every value replaced by `***`; object keys and array lengths stay (what a viewer sees). */
export function maskAll(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return MASKED_VALUE;
  if (depth >= MAX_DEPTH) return MASKED_VALUE;
  if (Array.isArray(value)) return value.map((item) => maskAll(item, depth + 1));
  // a plain loop: this runs on every value of every preview a viewer gets
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    out[key] = maskAll((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

/** `value` with every node the path matches replaced by `***` (a copy; the input is not changed). */
export function maskAtPath(value: unknown, steps: readonly MaskStep[]): { value: unknown; hit: boolean } {
  return walk(value, steps, 0, 0);
}

function selects(selector: Selector, key: string | number): boolean {
  if (selector.kind === 'any') return true;
  if (selector.kind === 'key') return key === selector.key;
  return key === selector.index;
}

function walk(
  node: unknown,
  steps: readonly MaskStep[],
  i: number,
  depth: number,
): { value: unknown; hit: boolean } {
  const step = steps[i];
  if (!step) return { value: MASKED_VALUE, hit: true };
  if (node === null || typeof node !== 'object') return { value: node, hit: false };
  // fail closed: a node too deep to walk is masked whole
  if (depth >= MAX_DEPTH) return { value: MASKED_VALUE, hit: true };
  const entries: [string | number, unknown][] = Array.isArray(node)
    ? node.map((item, index) => [index, item])
    : Object.entries(node);
  let hit = false;
  const out = entries.map(([key, child]): [string | number, unknown] => {
    let next = child;
    if (selects(step.selector, key)) {
      const inner = walk(next, steps, i + 1, depth + 1);
      next = inner.value;
      hit ||= inner.hit;
    }
    if (step.deep) {
      const below = walk(next, steps, i, depth + 1);
      next = below.value;
      hit ||= below.hit;
    }
    return [key, next];
  });
  if (!hit) return { value: node, hit: false };
  return { value: Array.isArray(node) ? out.map(([, v]) => v) : Object.fromEntries(out), hit: true };
}

/**
 * Whether a search condition on `condition` could read a value the rule masks: the rule matches the
 * condition's path or one of its ancestors (a condition on an ancestor alone only tests structure).
 * Array steps are ignored on both sides, because SQL/JSON lax mode unwraps arrays implicitly.
 */
export function conditionTouches(rule: readonly MaskStep[], condition: readonly PathSegment[]): boolean {
  const r = rule;
  const c = condition.filter((s) => s.kind === 'key' || s.kind === 'members');
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const step = r[i];
    if (!step) return true;
    if (j === c.length && step.selector.kind !== 'key') return match(i + 1, j);
    const seg = c[j];
    if (!seg) return false;
    const id = i * 1000 + j;
    const known = memo.get(id);
    if (known !== undefined) return known;
    const compatible =
      step.selector.kind !== 'key' || seg.kind === 'members' || seg.key === step.selector.key;
    const result =
      (compatible && match(i + 1, j + 1)) ||
      (step.deep && match(i, j + 1)) ||
      // `[0]`, `[*]`, `.*` may be an array level that lax mode unwraps without a step in the condition
      (step.selector.kind !== 'key' && match(i + 1, j));
    memo.set(id, result);
    return result;
  };
  return match(0, 0);
}
