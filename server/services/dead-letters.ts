/**
 * Replaying and discarding dead letters for a caller: the Redis effect (the SDK's atomic replay script,
 * or XDEL), then the store's row (status and history) and the audit row in one transaction.
 *
 * Redis and the store cannot share a transaction. The Redis effect goes first because it is the one
 * that matters and it is atomic on its own; if the store write then fails, the failure is audited
 * (best effort) and the error reaches the caller, whose retry finds the dead letter gone (404).
 */
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { deadLetters, type DeadLetterHistoryEntry } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import { DeadLetters } from '@/server/bus/dead-letters';
import { fingerprintFailure } from '@/server/bus/fingerprint';
import type { Keys } from '@/server/bus/keys';
import type { DeadLetter } from '@/server/contracts/dead-letter';
import type { DeadLetterDiscarded, DeadLetterReplayed } from '@/server/contracts/dead-letter-actions';
import { recordAudit } from './audit';

export interface DeadLettersContext {
  db: Db;
  redis: Redis;
  keys: Keys;
  caller: Principal;
  ip?: string | null;
}

type Outcome = 'replayed' | 'discarded';

export async function replayDeadLetter(
  ctx: DeadLettersContext,
  input: { id: string },
): Promise<DeadLetterReplayed> {
  const letters = new DeadLetters(ctx.redis, ctx.keys);
  const { letter, result } = await act(ctx, 'dlq.replay', input.id, async () => {
    const found = await letters.show(input.id);
    return { letter: found, result: await letters.replay(input.id) };
  });
  await settle(ctx, 'dlq.replay', letter, 'replayed', { entryId: result });
  return { id: input.id, status: 'replayed', entryId: result };
}

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
 * Records the outcome: the row's status and history, written even when the recorder has not seen the
 * dead letter yet (the recorder's own insert is `on conflict do nothing`, so it never undoes this).
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
          status,
          history: [entry],
        })
        .onConflictDoUpdate({
          target: deadLetters.id,
          set: { status, history: sql`${deadLetters.history} || ${JSON.stringify([entry])}::jsonb` },
        });
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
