import { z } from 'zod';
import { CURSOR_MESSAGE } from './cursor';
import { Page } from './page';
import { Instant, intParam, oneOrMany, queryObject, single } from './query-params';

/** What an audit row's `result` says: done, refused, failed, or a long action's progress. */
export const AUDIT_RESULTS = ['ok', 'denied', 'failed', 'started', 'completed'] as const;
export type AuditResultName = (typeof AUDIT_RESULTS)[number];

/** One row of the audit log as `GET /api/audit` returns it (parameters were masked when written). */
export const AuditRow = z.object({
  id: z.number().int(),
  /** ISO 8601, UTC. */
  at: z.string(),
  /** `user`, `token`, `demo`, `system` or `anonymous`. */
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  /** `token.create`, `route.denied`, `auth.sign-in`, … */
  action: z.string(),
  targets: z.array(z.string()),
  parameters: z.record(z.string(), z.unknown()),
  result: z.string(),
  detail: z.string().nullable(),
  /** The row this one reports the outcome of. */
  follows: z.number().int().nullable(),
  ip: z.string().nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditPage = Page(AuditRow);
export type AuditPage = z.infer<typeof AuditPage>;

const CURSOR_PREFIX = 'a1.';

/** Audit ids only grow, so the last id seen is the whole keyset; the prefix keeps the cursor opaque. */
export function encodeAuditCursor(lastId: number): string {
  return `${CURSOR_PREFIX}${lastId.toString(36)}`;
}

export function decodeAuditCursor(text: string): number | null {
  if (!text.startsWith(CURSOR_PREFIX)) return null;
  const digits = text.slice(CURSOR_PREFIX.length);
  if (!/^[0-9a-z]{1,12}$/.test(digits)) return null;
  const id = parseInt(digits, 36);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

const Cursor = z.string({ error: 'expected one cursor' }).transform((text, ctx) => {
  const id = decodeAuditCursor(text);
  if (id === null) {
    ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
    return z.NEVER;
  }
  return id;
});

/**
 * `GET /api/audit` query: newest first; filters AND together, repeated `action` or `result` match any.
 * `action` ending in `*` matches a prefix (`token.*`).
 */
export const AuditQuery = queryObject({
  /** The actor's name (case-insensitive, contained) or exact id. */
  actor: single(200).describe("The actor's name (contained, any case) or exact id").optional(),
  action: oneOrMany(20, 200)
    .describe('Exact action, or a prefix ending in * (token.*); repeatable')
    .optional(),
  result: z
    .union([z.enum(AUDIT_RESULTS), z.array(z.enum(AUDIT_RESULTS)).max(AUDIT_RESULTS.length)], {
      error: `expected one of ${AUDIT_RESULTS.join(', ')}`,
    })
    .transform((value) => (Array.isArray(value) ? [...new Set(value)] : [value]))
    .describe('ok, denied, failed, started or completed; repeatable')
    .optional(),
  from: Instant.describe('Rows at or after this time').optional(),
  to: Instant.describe('Rows at or before this time').optional(),
  /** Free text in the action, targets, detail, actor name and parameters, case-insensitive. */
  text: single(200).describe('Free text in action, targets, detail, actor name and parameters').optional(),
  cursor: Cursor.describe('nextCursor of the previous page, unchanged').optional(),
  limit: intParam(1, 200).describe('Rows per page, 1 to 200 (default 50)').default(50),
});
export type AuditQuery = z.output<typeof AuditQuery>;
