/**
 * Replaying and discarding dead letters for a caller: the Redis effect (the SDK's atomic replay script,
 * or XDEL), then the store's row (status and history) and the audit row in one transaction.
 *
 * Redis and the store cannot share a transaction. The Redis effect goes first because it is the one
 * that matters and it is atomic on its own; if the store write then fails, the failure is audited
 * (best effort) and the error reaches the caller, whose retry finds the dead letter gone (404).
 */
import { and, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { letterStatus } from '@/db/dead-letter-status';
import {
  deadLetters,
  deadLetterStates,
  replayJobLetters,
  type DeadLetterHistoryEntry,
  type DeadLetterStatus,
} from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import { can } from '@/server/access/roles';
import { DeadLetters } from '@/server/bus/dead-letters';
import { fingerprintFailure } from '@/server/bus/fingerprint';
import type { Keys } from '@/server/bus/keys';
import type { DeadLetter } from '@/server/contracts/dead-letter';
import type { DeadLetterDiscarded } from '@/server/contracts/dead-letter-actions';
import type { DiscardResult } from '@/server/contracts/dead-letter-list';
import { recordAudit } from './audit';

export interface DeadLettersContext {
  db: Db;
  redis: Redis;
  keys: Keys;
  caller: Principal;
  ip?: string | null;
}

type Outcome = 'replayed' | 'discarded';

export async function discardDeadLetter(
  ctx: DeadLettersContext,
  input: { id: string },
): Promise<DeadLetterDiscarded> {
  const letters = new DeadLetters(ctx.redis, ctx.keys);
  const { letter } = await act(ctx, 'dlq.discard', input.id, async () => {
    const found = await letters.show(input.id);
    await letters.discard(input.id);
    return { letter: found, result: null };
  });
  await settle(ctx, 'dlq.discard', letter, 'discarded', {});
  return { id: input.id, status: 'discarded' };
}

/** Runs the Redis effect; a failure (no such dead letter, Redis down) is audited and rethrown. */
async function act<T>(
  ctx: DeadLettersContext,
  action: string,
  id: string,
  effect: () => Promise<{ letter: DeadLetter; result: T }>,
): Promise<{ letter: DeadLetter; result: T }> {
  try {
    return await effect();
  } catch (error) {
    await recordAudit(ctx.db, {
      actor: ctx.caller,
      action,
      targets: [id],
      result: 'failed',
      detail: error instanceof Error ? error.message : String(error),
      ip: ctx.ip ?? null,
    }).catch(() => undefined); // the store may be what failed: the caller still gets the first error
    throw error;
  }
}

/**
 * Records the outcome: the letter's row, written when the recorder has not seen the dead letter yet
 * (the recorder's own insert is `on conflict do nothing`, so it never undoes this), and its state.
 */
async function settle(
  ctx: DeadLettersContext,
  action: string,
  letter: DeadLetter,
  status: Outcome,
  parameters: Record<string, unknown>,
): Promise<void> {
  const entry: DeadLetterHistoryEntry = {
    at: new Date().toISOString(),
    action: status,
    actor: ctx.caller.name,
    ...('entryId' in parameters ? { detail: `new entry ${String(parameters.entryId)}` } : {}),
  };
  try {
    await ctx.db.transaction(async (tx) => {
      await tx
        .insert(deadLetters)
        .values({
          id: letter.id,
          topic: letter.topic,
          group: letter.group,
          consumer: letter.consumer,
          entryId: letter.entryId,
          eventId: letter.eventId,
          eventType: letter.eventType,
          correlationId: letter.correlationId,
          category: letter.category,
          attempts: letter.attempts,
          firstFailureAt: new Date(letter.firstFailureAt),
          lastFailureAt: new Date(letter.lastFailureAt),
          errorName: letter.errorName,
          errorMessage: letter.errorMessage,
          errorStack: letter.errorStack,
          raw: letter.raw,
          ...fingerprintFailure(letter),
        })
        .onConflictDoNothing({ target: deadLetters.id });
      await markLetters(tx, status, [{ letterId: letter.id, entry }]);
      await recordAudit(tx, {
        actor: ctx.caller,
        action,
        targets: [letter.id],
        parameters: { topic: letter.topic, eventType: letter.eventType, ...parameters },
        result: 'ok',
        ip: ctx.ip ?? null,
      });
    });
  } catch (error) {
    await recordAudit(ctx.db, {
      actor: ctx.caller,
      action,
      targets: [letter.id],
      result: 'failed',
      detail: `${status} on Redis, but the store was not updated: ${error instanceof Error ? error.message : String(error)}`,
      ip: ctx.ip ?? null,
    }).catch(() => undefined); // the store is down: the error below is what the caller sees
    throw error;
  }
}

/** A caller whose role does not allow the action (the route checks first; this is the service's own). */
export class DeadLetterActionForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(role: string) {
    super(`your role (${role}) lacks events:act`);
    this.name = 'DeadLetterActionForbiddenError';
  }
}

/** The most letters one discard acts on; a larger selection is discarded in several requests. */
export const MAX_DISCARD = 10_000;

export interface DiscardInput {
  /** The letters to discard (the route resolves a fingerprint or a filter to ids). */
  ids: readonly string[];
  reason: string;
  /** What the operator asked for (`ids`, `fingerprint` or `filter`), for the audit row. */
  selection: Record<string, unknown>;
}

/**
 * Discards letters with a reason: per letter XDEL on Redis, then status `discarded` and a history entry
 * in the store, and one audit row for the whole action, in one transaction that holds the letters'
 * rows locked (a replay job cannot claim them meanwhile). Letters not pending, or in a live replay job,
 * are skipped with why. Redis failing rolls the store back: the letters stay pending, retryable.
 */
export async function discardDeadLetters(
  ctx: DeadLettersContext,
  input: DiscardInput,
): Promise<DiscardResult> {
  if (!can(ctx.caller.role, 'events:act')) throw new DeadLetterActionForbiddenError(ctx.caller.role);
  const ids = [...new Set(input.ids)].slice(0, MAX_DISCARD);
  const skipped: DiscardResult['skipped'] = [];
  const now = new Date().toISOString();
  try {
    return await ctx.db.transaction(async (tx) => {
      const rows = ids.length
        ? await tx
            .select({ id: deadLetters.id, status: letterStatus('dead_letters'), topic: deadLetters.topic })
            .from(deadLetters)
            .where(inArray(deadLetters.id, ids))
            .for('update')
        : [];
      const live = ids.length
        ? await tx
            .select({ letterId: replayJobLetters.letterId, jobId: replayJobLetters.jobId })
            .from(replayJobLetters)
            .where(
              and(
                inArray(replayJobLetters.letterId, ids),
                inArray(replayJobLetters.state, ['pending', 'replaying']),
              ),
            )
        : [];
      const inJob = new Map(live.map((row) => [row.letterId, row.jobId]));
      const byId = new Map(rows.map((row) => [row.id, row]));
      const discardable: string[] = [];
      for (const id of ids) {
        const row = byId.get(id);
        const jobId = inJob.get(id);
        if (!row) skipped.push({ id, reason: 'no such dead letter recorded' });
        else if (jobId) skipped.push({ id, reason: `in replay job ${jobId}` });
        else if (row.status !== 'pending') skipped.push({ id, reason: `already ${row.status}` });
        else discardable.push(id);
      }
      const goneFromRedis = new Set(await xdelAll(ctx, discardable));
      await markLetters(
        tx,
        'discarded',
        discardable.map((id) => ({
          letterId: id,
          entry: {
            at: now,
            action: 'discarded',
            actor: ctx.caller.name,
            detail: goneFromRedis.has(id) ? `${input.reason} (already gone from Redis)` : input.reason,
          },
        })),
      );
      await recordAudit(tx, {
        actor: ctx.caller,
        action: 'dlq.discard',
        targets: discardable.slice(0, 1_000),
        parameters: {
          count: discardable.length,
          skipped: skipped.length,
          reason: input.reason,
          selection: input.selection,
        },
        result: 'ok',
        ip: ctx.ip ?? null,
      });
      return { discarded: discardable.length, skipped };
    });
  } catch (error) {
    await recordAudit(ctx.db, {
      actor: ctx.caller,
      action: 'dlq.discard',
      targets: ids.slice(0, 1_000),
      parameters: { count: ids.length, reason: input.reason, selection: input.selection },
      result: 'failed',
      detail: error instanceof Error ? error.message : String(error),
      ip: ctx.ip ?? null,
    }).catch(() => undefined); // the store may be what failed: the caller still gets the first error
    throw error;
  }
}

/** XDELs every letter (one pipeline); returns the ids that were no longer on Redis. */
async function xdelAll(ctx: DeadLettersContext, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) {
    const slash = id.lastIndexOf('/');
    pipeline.xdel(ctx.keys.deadLetters(id.slice(0, slash)), id.slice(slash + 1));
  }
  const results = (await pipeline.exec()) ?? [];
  const gone: string[] = [];
  results.forEach(([error, removed], i) => {
    if (error) throw error;
    if (Number(removed) === 0) gone.push(ids[i]!);
  });
  return gone;
}

/** Letters written per statement: four parameters each, well within a statement's 65,535. */
const MARK_CHUNK = 1_000;

/**
 * Sets the letters' status and adds each one's entry to its history of actions (their state rows), a
 * statement per MARK_CHUNK letters: a discard of thousands took a round trip per letter, inside the
 * transaction that holds their rows.
 */
async function markLetters(
  db: Pick<Db, 'insert'>,
  status: DeadLetterStatus,
  marks: readonly { letterId: string; entry: DeadLetterHistoryEntry }[],
): Promise<void> {
  for (let start = 0; start < marks.length; start += MARK_CHUNK) {
    await db
      .insert(deadLetterStates)
      .values(
        marks.slice(start, start + MARK_CHUNK).map(({ letterId, entry }) => ({
          letterId,
          status,
          history: [entry],
          changedAt: new Date(entry.at),
        })),
      )
      .onConflictDoUpdate({
        target: deadLetterStates.letterId,
        set: {
          status,
          history: sql`${deadLetterStates.history} || excluded.history`,
          changedAt: sql`excluded.changed_at`,
        },
      });
  }
}
