/**
 * Outcomes of replayed letters against real Postgres: the bounded periodic look goes round the job a
 * slice at a time, and matches re-failures from the dead letters recorded since its `since` only.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryConsumers, replayJobLetters } from '@/db/schema';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { replayApi } from '@/server/testing/replay-api';
import { failAgain, seedDeadLetters } from '@/server/testing/replay-letters';
import { claimLetters, recordReplayed } from './letters';
import { settleSlice } from './settle';

describe('settling replayed letters', () => {
  let ctx: TestContext;
  const { held } = replayApi(() => ctx);

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'replay-settle');
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('goes round the unsettled letters a slice at a time, and finds re-failures since a time', async () => {
    const seeded = await seedDeadLetters(ctx, 'settle', 5);
    const running = await held('settle', 10);
    const claimed = (await claimLetters(ctx.db, running.id, 'test-runner', 5))!;
    let job = await recordReplayed(
      ctx.db,
      running,
      claimed.map((c, i) => ({ letterId: c.letterId, entryId: `${i + 1}-0` })),
      [],
    );
    expect(job.replayed).toBe(5);

    // the first letter's event failed again; a look only at dead letters recorded later misses it
    await failAgain(ctx.db, 'settle', [seeded[0]!.eventId]);
    const later = { since: new Date(Date.now() + 60_000), fromSeq: 0, limit: 2 };
    expect((await settleSlice(ctx.db, job, later)).job.failedAgain).toBe(0);

    // every other event was handled by the group that failed
    const [consumer] = await ctx.db
      .insert(deliveryConsumers)
      .values({ topic: 'settle', group: 'payers', consumer: 'c1', service: 'payments' })
      .returning();
    await ctx.db.insert(deliveries).values(
      seeded.slice(1).map((letter, i) => ({
        consumerId: consumer!.id,
        entryId: `${i + 2}-0`,
        eventId: letter.eventId,
        outcome: 'handled' as const,
        attempt: 1,
        at: new Date(),
      })),
    );
    const since = new Date(Date.now() - 60_000);
    const seen: number[] = [];
    let fromSeq = 0;
    for (let look = 0; look < 3; look++) {
      const result = await settleSlice(ctx.db, job, { since, fromSeq, limit: 2 });
      job = result.job;
      fromSeq = result.nextSeq;
      seen.push(job.succeeded);
    }
    expect(job.failedAgain).toBe(1);
    // the failed-again letter leaves the unsettled ones: 4 left, 2 per look, then round again
    expect(seen).toEqual([2, 4, 4]);
    expect(fromSeq).toBe(0);
    const states = await ctx.db
      .select({ state: replayJobLetters.state })
      .from(replayJobLetters)
      .where(eq(replayJobLetters.jobId, running.id));
    expect(states.filter((s) => s.state === 'replayed')).toHaveLength(0);
  });
});
