import { z } from 'zod';
import { TOPIC_NAME } from './names';

/**
 * Building blocks for query-string schemas. Query values arrive as strings, or arrays of strings when a
 * key repeats; every message names what was expected so a 400 says how to fix the request.
 */

const RELATIVE = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses `2025-01-31T12:00:00Z` (a zone is required), epoch milliseconds, or `15m` ago; null if none. */
export function parseInstant(text: string, now = Date.now()): Date | null {
  const value = text.trim();
  if (/^\d{10,16}$/.test(value)) return new Date(Number(value));
  const relative = RELATIVE.exec(value);
  if (relative) return new Date(now - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]);
  if (!ISO_WITH_ZONE.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A point in time: ISO 8601 with a zone, epoch milliseconds, or a duration ago (`15m`, `2h`, `7d`). */
export const Instant = z.string({ error: 'expected one time value' }).transform((text, ctx) => {
  const date = parseInstant(text);
  if (!date) {
    ctx.addIssue({
      code: 'custom',
      message: `expected an ISO 8601 time with a zone (2025-01-31T12:00:00Z), epoch milliseconds or a duration ago (15m, 2h, 7d); got ${JSON.stringify(text.slice(0, 40))}`,
    });
    return z.NEVER;
  }
  return date;
});

/** One value or several (a repeated key), as a list; `pattern` (with its message) checks each value. */
export function oneOrMany(max = 20, maxLength = 512, pattern?: { regex: RegExp; message: string }) {
  const text = z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(maxLength, { error: `at most ${maxLength} characters` });
  const item = pattern ? text.regex(pattern.regex, { error: pattern.message }) : text;
  return z
    .union([item, z.array(item).max(max, { error: `at most ${max} values` })], {
      error: 'expected a text value',
    })
    .transform((value) => (Array.isArray(value) ? [...new Set(value)] : [value]));
}

/** A single text value (repeating the key is an error, not a silent pick). */
export function single(maxLength = 512) {
  return z
    .string({ error: 'expected one value (the key is repeated?)' })
    .min(1, { error: 'must not be empty' })
    .max(maxLength, { error: `at most ${maxLength} characters` });
}

/** An integer from the query string within bounds. */
export function intParam(min: number, max: number) {
  return z
    .string({ error: 'expected one integer' })
    .regex(/^\d+$/, { error: `expected an integer from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `expected an integer from ${min} to ${max}` })
        .max(max, { error: `expected an integer from ${min} to ${max}` }),
    );
}

export function unknownParams(keys: readonly string[]): string {
  return `unknown parameter${keys.length === 1 ? '' : 's'} ${keys.map((k) => JSON.stringify(k)).join(', ')}`;
}

/** A query-string object that refuses unknown parameters by name (a typo is a 400, not a silent no-op). */
export function queryObject<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownParams(issue.keys) : undefined),
  });
}

/** Registered topic names: letters, digits, `.`, `_`, `-`; repeatable. */
export const topicNames = () =>
  oneOrMany(100, 200, {
    regex: TOPIC_NAME,
    message: "not a topic name (letters, digits, '.', '_' or '-', up to 200)",
  });
