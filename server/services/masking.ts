import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { maskingRules } from '@/db/schema';
import { MaskPathError, parseMaskPath } from '@/server/access/mask-path';
import type { MaskRule } from '@/server/access/masking';
import type { Principal } from '@/server/access/principal';
import { setMaskingRules } from '@/server/access/rules-snapshot';
import type { MaskingRule, MaskingRuleInput } from '@/server/contracts/masking';
import { recordAudit } from './audit';

export interface MaskingContext {
  db: Db;
  caller: Principal;
}

/** How long a loaded rule set is used before the store is asked again (other processes' edits). */
export const RULES_TTL_MS = 2_000;

export class MaskingRulePathError extends Error {
  readonly code = 'BAD_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'MaskingRulePathError';
  }
}

export class MaskingRuleNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(id: number) {
    super(`no masking rule ${id}`);
    this.name = 'MaskingRuleNotFoundError';
  }
}

type Row = typeof maskingRules.$inferSelect;
const toDto = (row: Row): MaskingRule => ({
  id: row.id,
  eventType: row.eventType,
  path: row.path,
  revealTo: row.revealTo,
  note: row.note,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

export async function listMaskingRules(db: Db): Promise<MaskingRule[]> {
  const rows = await db.select().from(maskingRules).orderBy(asc(maskingRules.id));
  return rows.map(toDto);
}

// one cache per database (tests run several); concurrent loads share one query
const cache = new WeakMap<Db, { at: number; rules: Promise<readonly MaskRule[]> }>();

/**
 * The rules the presenter applies, read from the store at most every RULES_TTL_MS, and kept as the
 * snapshot the socket presenter reads. A failed load is not cached (the route answers 503 through
 * the store error, rather than serving unmasked data).
 */
export function maskingRulesFor(db: Db, now = Date.now()): Promise<readonly MaskRule[]> {
  const hit = cache.get(db);
  if (hit && now - hit.at < RULES_TTL_MS) return hit.rules;
  const rules = db
    .select({ eventType: maskingRules.eventType, path: maskingRules.path, revealTo: maskingRules.revealTo })
    .from(maskingRules)
    .then((rows) => {
      setMaskingRules(rows, now);
      return rows;
    });
  cache.set(db, { at: now, rules });
  rules.catch(() => cache.delete(db));
  return rules;
}

/**
 * Keeps the socket presenter's snapshot fresh without waiting for an HTTP request: loads now and
 * every RULES_TTL_MS until the signal aborts. Load errors keep the last snapshot (logged by `onError`).
 */
export function keepMaskingRulesLoaded(db: Db, signal: AbortSignal, onError: (error: unknown) => void): void {
  const load = () => maskingRulesFor(db).catch(onError);
  void load();
  const timer = setInterval(load, RULES_TTL_MS);
  timer.unref();
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

export async function createMaskingRule(ctx: MaskingContext, input: MaskingRuleInput): Promise<MaskingRule> {
  try {
    parseMaskPath(input.path);
  } catch (error) {
    if (error instanceof MaskPathError) throw new MaskingRulePathError(`path: ${error.message}`);
    throw error;
  }
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(maskingRules)
      .values({
        eventType: input.eventType,
        path: input.path,
        revealTo: input.revealTo,
        note: input.note ?? null,
        createdBy: ctx.caller.name,
      })
      .returning();
    if (!created) throw new Error('the masking rule was not written');
    await recordAudit(tx, {
      actor: ctx.caller,
      action: 'masking_rule.create',
      targets: [String(created.id)],
      // the rule itself, never payload values
      parameters: { eventType: input.eventType, path: input.path, revealTo: input.revealTo },
      result: 'ok',
    });
    return created;
  });
  cache.delete(ctx.db);
  return toDto(row);
}

export async function deleteMaskingRule(ctx: MaskingContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(maskingRules).where(eq(maskingRules.id, id)).returning();
    if (!deleted) throw new MaskingRuleNotFoundError(id);
    await recordAudit(tx, {
      actor: ctx.caller,
      action: 'masking_rule.delete',
      targets: [String(id)],
      parameters: { eventType: deleted.eventType, path: deleted.path, revealTo: deleted.revealTo },
      result: 'ok',
    });
  });
  cache.delete(ctx.db);
}
