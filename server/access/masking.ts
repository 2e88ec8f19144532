import type { DataCondition } from '@/server/contracts/json-condition';
import { MASKED_VALUE, type MaskInfo } from '@/server/contracts/masking';
import {
  conditionTouches,
  maskAll,
  maskAtPath,
  MaskPathError,
  parseMaskPath,
  type MaskStep,
} from './mask-path';
import { atLeast, type Role } from './roles';

/**
 * Who sees which payload values. Pure: the rules come in as an argument (loaded from the store by
 * services/masking.ts with a short cache).
 *
 *  - viewer: no payload value at all; keys and array lengths stay, every value becomes `***`.
 *  - `sensitivity: confidential`: every value masked unless the role is operator or above (operators
 *    act on these events, so they must see them; analysts only study flows).
 *  - rules: `{ eventType glob, path, revealTo }`; a matching path is masked for roles below revealTo.
 *  - admin sees everything (revealTo is at most admin).
 *  - rules not loaded (null): everything masked for every role but admin (fail closed).
 */
export interface MaskRule {
  eventType: string;
  path: string;
  revealTo: Role;
}

export type MaskPlan =
  | { kind: 'none' }
  | { kind: 'all'; reason: MaskInfo['reason'] }
  | { kind: 'paths'; rules: { path: string; steps: MaskStep[] }[] };

const NONE: MaskPlan = { kind: 'none' };

/** `*` matches any run of characters (dots included); everything else matches itself. */
export function typeMatches(glob: string, type: string): boolean {
  if (glob === '*') return true;
  if (!glob.includes('*')) return glob === type;
  return memo(globs, glob, compileGlob).test(type);
}

function compileGlob(glob: string): RegExp {
  const pattern = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${pattern.join('.*')}$`);
}

// rules are few and change rarely: compile each glob and path once, not once per event
const globs = new Map<string, RegExp>();
const paths = new Map<string, MaskStep[] | MaskPathError>();
const MEMO_MAX = 1_000;

function memo<T>(cache: Map<string, T>, key: string, make: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MEMO_MAX) cache.clear();
    value = make(key);
    cache.set(key, value);
  }
  return value;
}

/** A rule path parsed once; throws MaskPathError as parseMaskPath does. */
function parsedPath(path: string): MaskStep[] {
  const parsed = memo(paths, path, (text) => {
    try {
      return parseMaskPath(text);
    } catch (error) {
      if (error instanceof MaskPathError) return error;
      throw error;
    }
  });
  if (parsed instanceof MaskPathError) throw parsed;
  return parsed;
}

/** The rules that hide something from `role` in events of `type`. */
export function applicableRules(role: Role, rules: readonly MaskRule[], type: string): MaskRule[] {
  return rules.filter((rule) => !atLeast(role, rule.revealTo) && typeMatches(rule.eventType, type));
}

/** What to mask in one event's payload for one role. */
export function maskPlan(
  role: Role,
  rules: readonly MaskRule[] | null,
  type: string | null | undefined,
  sensitivity: string | null | undefined,
): MaskPlan {
  if (role === 'admin') return NONE;
  if (role === 'viewer') return { kind: 'all', reason: 'role' };
  if (sensitivity === 'confidential' && !atLeast(role, 'operator'))
    return { kind: 'all', reason: 'confidential' };
  if (rules === null) return { kind: 'all', reason: 'rule' };
  const applicable = applicableRules(role, rules, type ?? '');
  if (applicable.length === 0) return NONE;
  const parsed: { path: string; steps: MaskStep[] }[] = [];
  for (const rule of applicable) {
    try {
      parsed.push({ path: rule.path, steps: parsedPath(rule.path) });
    } catch (error) {
      // rules are validated when created; one that no longer parses hides everything rather than nothing
      if (error instanceof MaskPathError) return { kind: 'all', reason: 'rule' };
      throw error;
    }
  }
  return { kind: 'paths', rules: parsed };
}

export interface Masked<T> {
  data: T;
  /** Absent when nothing was masked. */
  masked?: MaskInfo;
}

/** A parsed payload with the plan applied. */
export function applyPlan(plan: MaskPlan, data: unknown): Masked<unknown> {
  if (plan.kind === 'none') return { data };
  if (plan.kind === 'all')
    return { data: maskAll(data), masked: { all: true, reason: plan.reason, paths: [] } };
  let value = data;
  const paths: string[] = [];
  for (const rule of plan.rules) {
    const out = maskAtPath(value, rule.steps);
    value = out.value;
    if (out.hit) paths.push(rule.path);
  }
  return paths.length === 0 ? { data } : { data: value, masked: { all: false, reason: 'rule', paths } };
}

/** `data` masked for `role`: the issue's `maskPayload(role, rules, type, sensitivity, data)`. */
export function maskPayload(
  role: Role,
  rules: readonly MaskRule[] | null,
  type: string | null | undefined,
  sensitivity: string | null | undefined,
  data: unknown,
): Masked<unknown> {
  return applyPlan(maskPlan(role, rules, type, sensitivity), data);
}

/**
 * A payload preview (JSON text, perhaps cut) with the plan applied. A preview that is cut or does not
 * parse cannot be masked path by path, so under any plan it is masked whole: the text becomes `"***"`.
 */
export function maskPreviewText(
  plan: MaskPlan,
  text: string,
  truncated: boolean,
): Masked<string> & { truncated: boolean } {
  if (plan.kind === 'none') return { data: text, truncated };
  const whole = { data: JSON.stringify(MASKED_VALUE), truncated: false };
  const reason = plan.kind === 'all' ? plan.reason : 'unparsable';
  if (truncated) return { ...whole, masked: { all: true, reason, paths: [] } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ...whole, masked: { all: true, reason, paths: [] } };
  }
  const out = applyPlan(plan, parsed);
  if (!out.masked) return { data: text, truncated: false };
  return { data: JSON.stringify(out.data), truncated: false, masked: out.masked };
}

/** A plan that masks every value when any plan applies: raw fields, where rule paths cannot be located. */
export function wholeOrNothing(plan: MaskPlan): MaskPlan {
  return plan.kind === 'paths' ? { kind: 'all', reason: 'rule' } : plan;
}

/**
 * Why a search may not run for this caller, or null. Viewers may not put conditions on payloads at
 * all; analysts may not on a path that a rule masks from them in any of the searched types (all types
 * when the search names none). Confidential events are left out of analysts' condition searches by
 * the query itself (see searchEvents' `payloadScope`).
 */
export function conditionRefusal(
  role: Role,
  rules: readonly MaskRule[] | null,
  conditions: readonly DataCondition[],
  types: readonly string[],
): string | null {
  if (conditions.length === 0 || role === 'admin') return null;
  if (role === 'viewer')
    return 'viewers see no payload values, so they cannot search inside payloads (data conditions)';
  if (rules === null)
    return 'masking rules are not available right now; payload conditions are refused until they are';
  for (const rule of rules) {
    if (atLeast(role, rule.revealTo)) continue;
    if (types.length > 0 && !types.some((type) => typeMatches(rule.eventType, type))) continue;
    let steps: MaskStep[];
    try {
      steps = parsedPath(rule.path);
    } catch {
      return `a masking rule (${rule.path}) cannot be read; payload conditions are refused`;
    }
    for (const condition of conditions) {
      if (conditionTouches(steps, condition.segments)) {
        return `the condition's path is masked for your role (${role}) by the rule ${rule.path} on ${rule.eventType}`;
      }
    }
  }
  return null;
}
