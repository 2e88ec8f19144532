/**
 * An edited replay: the operator's event (CloudEvents JSON) replaces the letter's. It becomes a new
 * event: a new `id`, `causationid` = the original's id, the original's correlation kept. Validated as
 * an envelope and, when the type has a registered schema, its data against that schema.
 */
import { uuidv7 } from '@/server/bus/ids';
import type { SchemaRegistry } from '@/server/bus/schema-registry';
import { Envelope } from '@/server/contracts/envelope';

/** Checks an event's data against the schema registry; null when valid or when the type has no schema. */
export type DataValidator = (type: string, data: unknown, version: number | undefined) => string | null;

/** A DataValidator over an SDK schema registry (the demo's, in demo mode): the version given, else the latest. */
export function registryValidator(registry: SchemaRegistry): DataValidator {
  return (type, data, version) => {
    if (!registry.has(type)) return null;
    try {
      registry.validateForPublish(type, data, version);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}

export interface PreparedEdit {
  valid: boolean;
  errors: string[];
  /** The original and the event as it will be replayed, line by line (`+`, `-`, ` `). */
  diff: string[];
  /** The event to replay (null when invalid). */
  event: string | null;
  eventId: string | null;
}

export function prepareEdit(
  originalEvent: string | undefined,
  edited: string,
  validate: DataValidator | undefined,
): PreparedEdit {
  const original = parseObject(originalEvent ?? '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(edited);
  } catch (error) {
    return invalid([`not JSON: ${(error as Error).message}`]);
  }
  const envelope = Envelope.safeParse(parsed);
  if (!envelope.success) {
    return invalid(
      envelope.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).slice(0, 20),
    );
  }
  const originalId = typeof original?.id === 'string' ? original.id : envelope.data.id;
  const event = {
    ...envelope.data,
    id: uuidv7(),
    causationid: originalId,
    ...(typeof original?.correlationid === 'string' ? { correlationid: original.correlationid } : {}),
  };
  const errors: string[] = [];
  const schemaError = validate?.(event.type, event.data, event.dataversion);
  if (schemaError) errors.push(`data: ${schemaError}`);
  const diff = lineDiff(pretty(original ?? {}), pretty(event));
  const text = JSON.stringify(event);
  return errors.length > 0
    ? { valid: false, errors, diff, event: null, eventId: null }
    : { valid: true, errors, diff, event: text, eventId: event.id };
}

function invalid(errors: string[]): PreparedEdit {
  return { valid: false, errors, diff: [], event: null, eventId: null };
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const pretty = (value: unknown): string[] => JSON.stringify(value, null, 2).split('\n');

/** Bounded: events past this many lines are diffed as a whole replacement (the LCS table is n × m). */
const DIFF_MAX_LINES = 2_000;

/** A line diff by longest common subsequence: unchanged lines ` `, removed `-`, added `+`. */
export function lineDiff(before: string[], after: string[]): string[] {
  if (before.length > DIFF_MAX_LINES || after.length > DIFF_MAX_LINES) {
    return [...before.map((l) => `- ${l}`), ...after.map((l) => `+ ${l}`)];
  }
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push(`  ${before[i]}`);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push(`- ${before[i++]}`);
    else out.push(`+ ${after[j++]}`);
  }
  while (i < n) out.push(`- ${before[i++]}`);
  while (j < m) out.push(`+ ${after[j++]}`);
  return out;
}
