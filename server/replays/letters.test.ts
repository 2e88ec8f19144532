/**
 * A batch's bookkeeping against real Postgres and PGlite: the job's figures move by the letters each
 * statement changed, so a batch recorded twice counts once, and the figures always equal a full recount.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayJobLetters, replayJobs } from '@/db/schema';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { getDeadLetter } from '@/server/queries/dead-letter-detail';
import { letterHistory, letterStatusOf } from '@/server/testing/letter-states';
import { replayApi } from '@/server/testing/replay-api';
import { seedDeadLetters } from '@/server/testing/replay-letters';
import { claimLetters, lettersInDoubt, openLetters, recordReplayed, recount } from './letters';

// on both stores: the demo runs the runner on PGlite
describe.each(['postgres', 'pglite'] as const)('recording a replayed batch (%s)', (flavour) => {
  let ctx: TestContext;
  const { held, control } = replayApi(() => ctx);

  beforeAll(async () => {
    ctx = await startTestContext(flavour, 'replay-letters');
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('claims in order and counts each letter once, whatever path records it', async () => {
    const seeded = await seedDeadLetters(ctx, 'batches', 6);
    const running = await held('batches', 10);
    const order = await ctx.db
      .select({ id: replayJobLetters.letterId })
      .from(replayJobLetters)
      .where(eq(replayJobLetters.jobId, running.id))
      .orderBy(replayJobLetters.seq);

    const claimed = (await claimLetters(ctx.db, running.id, 'test-runner', 4))!;
    expect(claimed.map((c) => c.letterId)).toEqual(order.slice(0, 4).map((o) => o.id));
    // another runner's claim is refused (null, not an empty batch): the lease is this one's
    expect(await claimLetters(ctx.db, running.id, 'someone-else', 4)).toBeNull();

    const [first, second, third, fourth] = claimed.map((c) => c.letterId) as [string, string, string, string];
    const replayed = [
      { letterId: first, entryId: '1-0' },
      { letterId: second, entryId: '2-0' },
    ];
    let job = await recordReplayed(ctx.db, running, replayed, [third], [fourth]);
    expect([job.replayed, job.skipped]).toEqual([2, 1]);
    // the same batch again (a retry after a lost answer) changes no letter, so no figure
    job = await recordReplayed(ctx.db, job, replayed, [third], [fourth]);
    expect([job.replayed, job.skipped]).toEqual([2, 1]);

    const recounted = await recount(ctx.db, running.id);
    expect([recounted.replayed, recounted.skipped]).toEqual([job.replayed, job.skipped]);
    const letters = await ctx.db
      .select({ id: replayJobLetters.letterId, state: replayJobLetters.state })
      .from(replayJobLetters)
      .where(eq(replayJobLetters.jobId, running.id));
    const stateOf = new Map(letters.map((l) => [l.id, l.state]));
    expect([first, second, third, fourth].map((id) => stateOf.get(id))).toEqual([
      'replayed',
      'replayed',
      'skipped',
      'pending',
    ]);
    const rows = await Promise.all(
      seeded.map(async ({ id }) => ({
        id,
        status: await letterStatusOf(ctx.db, id),
        history: await letterHistory(ctx.db, id),
      })),
    );
    const replayedRows = rows.filter((r) => r.status === 'replayed');
    expect(replayedRows.map((r) => r.id).sort()).toEqual([first, second].sort());
    // recorded twice, replayed once: the history says so once
    for (const row of replayedRows)
      expect(row.history.filter((h) => h.action === 'replayed')).toHaveLength(1);
  });

  it('claims by moving the job cursor: the claimed letters stay pending and are in doubt until recorded', async () => {
    await seedDeadLetters(ctx, 'cursor', 5);
    const running = await held('cursor', 10);
    const claimed = (await claimLetters(ctx.db, running.id, 'test-runner', 3))!.map((c) => c.letterId);
    expect(claimed).toHaveLength(3);
    const [job] = await ctx.db.select().from(replayJobs).where(eq(replayJobs.id, running.id));
    const states = await ctx.db
      .select({ state: replayJobLetters.state })
      .from(replayJobLetters)
      .where(eq(replayJobLetters.jobId, running.id));
    expect(states.every((l) => l.state === 'pending')).toBe(true);
    // a crash now: the next run checks exactly the claimed letters in Redis
    expect(await lettersInDoubt(ctx.db, job!)).toEqual(claimed);

    const [first, second, third] = claimed as [string, string, string];
    const after = await recordReplayed(
      ctx.db,
      job!,
      [{ letterId: first, entryId: '1-0' }],
      [second],
      [third],
    );
    // the unsent one stays in doubt (checked in Redis on resume); the next claim starts with it
    expect(await lettersInDoubt(ctx.db, after)).toEqual([third]);
    const next = await claimLetters(ctx.db, running.id, 'test-runner', 3);
    expect(next?.[0]?.letterId).toBe(third);
    expect(next).toHaveLength(3);
  });

  it('records a batch sent before a cancel set its letters free: replayed, as Redis says', async () => {
    const seeded = await seedDeadLetters(ctx, 'cancelled', 3);
    const running = await held('cancelled', 10);
    const claimed = (await claimLetters(ctx.db, running.id, 'test-runner', 2))!.map((c) => c.letterId);
    // the operator cancels while the claimed batch is on its way to Redis
    expect((await control(running.id, 'cancel')).status).toBe(200);
    const [cancelled] = await ctx.db.select().from(replayJobs).where(eq(replayJobs.id, running.id));
    expect([cancelled!.replayed, cancelled!.skipped]).toEqual([0, 3]);

    const job = await recordReplayed(
      ctx.db,
      cancelled!,
      claimed.map((letterId, n) => ({ letterId, entryId: `${n + 1}-0` })),
      [],
    );
    expect([job.state, job.replayed, job.skipped]).toEqual(['cancelled', 2, 1]);
    const recounted = await recount(ctx.db, running.id);
    expect([recounted.replayed, recounted.skipped]).toEqual([2, 1]);
    const views = await Promise.all(seeded.map((s) => getDeadLetter(ctx.db, s.id)));
    expect(Object.fromEntries(views.map((v) => [v.id, v.status]))).toEqual({
      [claimed[0]!]: 'replayed',
      [claimed[1]!]: 'replayed',
      [seeded.map((s) => s.id).find((id) => !claimed.includes(id))!]: 'pending',
    });
  });

  it('tells whether letters are left to send, and replayed ones wait for their outcome', async () => {
    await seedDeadLetters(ctx, 'open', 3);
    const running = await held('open', 10);
    expect(await openLetters(ctx.db, running.id)).toEqual({ todo: true, unsettled: false });
    const [first, second, third] = (await claimLetters(ctx.db, running.id, 'test-runner', 3))!.map(
      (c) => c.letterId,
    ) as [string, string, string];
    // claimed, not recorded yet: still to do
    expect(await openLetters(ctx.db, running.id)).toEqual({ todo: true, unsettled: false });
    await recordReplayed(
      ctx.db,
      running,
      [
        { letterId: first, entryId: '1-0' },
        { letterId: second, entryId: '2-0' },
      ],
      [third],
    );
    expect(await openLetters(ctx.db, running.id)).toEqual({ todo: false, unsettled: true });
    await ctx.db
      .update(replayJobLetters)
      .set({ state: 'succeeded' })
      .where(eq(replayJobLetters.jobId, running.id));
    expect(await openLetters(ctx.db, running.id)).toEqual({ todo: false, unsettled: false });
  });

  it('claims nothing from a job with nothing left, and refuses a job the runner no longer holds', async () => {
    const seeded = await seedDeadLetters(ctx, 'ending', 2);
    const running = await held('ending', 10);
    expect(await claimLetters(ctx.db, running.id, 'test-runner', 5)).toHaveLength(2);
    // both gone before the job reached them: recorded `skipped`, nothing is left to send
    await recordReplayed(
      ctx.db,
      running,
      [],
      seeded.map((l) => l.id),
    );
    expect(await claimLetters(ctx.db, running.id, 'test-runner', 5)).toEqual([]);
    await ctx.db
      .update(replayJobs)
      .set({ state: 'paused', leaseOwner: null })
      .where(eq(replayJobs.id, running.id));
    expect(await claimLetters(ctx.db, running.id, 'test-runner', 5)).toBeNull();
  });
});
