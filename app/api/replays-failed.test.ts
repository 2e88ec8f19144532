/**
 * How a replay job ends when it cannot go on (`failed`, its letters left pending in the dead letters),
 * how it rides out errors that clear, and the pace a job taken over from a crashed runner keeps.
 * Real Postgres and Redis, the job made through POST /api/replays.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, replayJobLetters, replayJobs, type DeadLetterHistoryEntry } from '@/db/schema';
import { ReplayJob, ReplayPlan, type ReplayRequest } from '@/server/contracts/replays';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { letterHistory, letterStatusOf } from '@/server/testing/letter-states';
import { eventually } from '@/server/testing/redis';
import { replayApi } from '@/server/testing/replay-api';
import { seedDeadLetters, type SeededLetter } from '@/server/testing/replay-letters';

describe('replay jobs that cannot go on, errors that clear, takeover at pace', () => {
  let ctx: TestContext;
  const { post, job, runner, stopRunners } = replayApi(() => ctx);

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-replays-failed');
  });
  afterAll(async () => {
    await stopRunners();
    await ctx.cleanup();
  });

  const make = async (body: ReplayRequest): Promise<ReplayJob> => {
    const answer = await post(body);
    expect(answer.status).toBe(201);
    return ReplayJob.parse(await answer.json());
  };
  const ended = (id: string) =>
    eventually(async () => {
      const j = await job(id);
      return ['failed', 'completed', 'paused', 'cancelled'].includes(j.state) ? j : null;
    }, 15_000);
  /** The letters' rows in the store that are still pending, and their Redis entries still there. */
  const stillPending = async (topic: string, letters: SeededLetter[]) => {
    const rows: { id: string; history: DeadLetterHistoryEntry[] }[] = [];
    for (const { id } of letters)
      if ((await letterStatusOf(ctx.db, id)) === 'pending')
        rows.push({ id, history: await letterHistory(ctx.db, id) });
    return { rows, inRedis: await ctx.redis.xlen(ctx.keys.deadLetters(topic)) };
  };
  const finishAudit = async (id: string) =>
    (await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'replay.finish'))).find((a) =>
      a.targets.includes(id),
    );

  it('fails when the target group is gone mid-run: the rest stay pending, audited, the live views told', async () => {
    const letters = await seedDeadLetters(ctx, 'fail-a', 10, { group: 'payers' });
    await ctx.redis.xgroup('CREATE', ctx.keys.stream('fail-a'), 'payers', '$', 'MKSTREAM');
    const made = await make({
      selection: { filter: { topic: ['fail-a'] } },
      target: { group: 'payers' },
      rate: { start: 5, max: 5 },
    });
    const told: ReplayJob[] = [];
    runner({ rampStepMs: 60_000, onProgress: (j) => told.push(j) });
    await eventually(async () => (await job(made.id)).replayed >= 1);
    await ctx.redis.xgroup('DESTROY', ctx.keys.stream('fail-a'), 'payers');

    const failed = await ended(made.id);
    await stopRunners();
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/consumer group "payers" does not exist \(any more\) on topic "fail-a"/);
    expect(failed.finishedAt).not.toBeNull();
    const replayed = failed.replayed;
    expect(replayed).toBeGreaterThanOrEqual(1);
    expect(replayed).toBeLessThan(10);
    expect(failed).toMatchObject({ total: 10, skipped: 10 - replayed, remaining: 0 });
    expect(told.at(-1)).toMatchObject({ id: made.id, state: 'failed' });

    // nothing lost: every letter not replayed is still a pending dead letter, in Redis and in the store
    expect(await ctx.redis.xlen(ctx.keys.redelivery('fail-a', 'payers'))).toBe(replayed);
    const pending = await stillPending('fail-a', letters);
    expect(pending.inRedis).toBe(10 - replayed);
    expect(pending.rows).toHaveLength(10 - replayed);
    expect(pending.rows.every((r) => r.history.at(-1)?.action === 'replay-failed')).toBe(true);
    const audit = await finishAudit(made.id);
    expect(audit).toMatchObject({ actorKind: 'system', actorName: 'replay runner', result: 'failed' });
    expect(audit?.detail).toBe(failed.reason);
    expect(audit?.follows).toBeTypeOf('number');
    // free again: no live job holds them, a new replay may take them
    const again = await post({ selection: { filter: { topic: ['fail-a'] } }, dryRun: true });
    expect(ReplayPlan.parse(await again.json())).toMatchObject({ count: 10 - replayed, inOtherJobs: 0 });
  });

  it('fails after the same batch errors on every retry; an error that clears is ridden out', async () => {
    // the target topic's stream key holds a string: Redis answers every replay with WRONGTYPE
    const stuck = await seedDeadLetters(ctx, 'fail-b', 3);
    await ctx.redis.set(ctx.keys.stream('fail-b-out'), 'not a stream');
    const doomed = await make({
      selection: { filter: { topic: ['fail-b'] } },
      target: { topic: 'fail-b-out' },
      rate: { start: 100, max: 100 },
    });
    runner({ batchAttempts: 3, retryMs: 10 });
    const failed = await ended(doomed.id);
    await stopRunners();
    expect(failed).toMatchObject({ state: 'failed', replayed: 0, skipped: 3 });
    // how many letters the failing slice held depends on the tokens banked when it was sent
    expect(failed.reason).toMatch(/^(1 letter|[23] letters) failed to replay 3 times in a row: .*WRONGTYPE/);
    const pending = await stillPending('fail-b', stuck);
    expect(pending).toMatchObject({ inRedis: 3, rows: expect.any(Array) });
    expect(pending.rows).toHaveLength(3);

    // the same fault, cleared after the first failed try: the job completes, nothing replayed twice
    const letters = await seedDeadLetters(ctx, 'fail-c', 3);
    await ctx.redis.set(ctx.keys.stream('fail-c-out'), 'not a stream');
    const made = await make({
      selection: { filter: { topic: ['fail-c'] } },
      target: { topic: 'fail-c-out' },
      rate: { start: 100, max: 100 },
    });
    const retried: number[] = [];
    runner({
      batchAttempts: 3,
      retryMs: 10,
      log: {
        warn: (details, message) => {
          if (message !== 'replay batch failed; retrying it') return;
          retried.push((details as { attempt: number }).attempt);
          void ctx.redis.del(ctx.keys.stream('fail-c-out'));
        },
      },
    });
    const done = await ended(made.id);
    await stopRunners();
    expect(done).toMatchObject({ state: 'completed', replayed: 3, skipped: 0 });
    expect(retried[0]).toBe(1);
    const entries = await ctx.redis.xrange(ctx.keys.stream('fail-c-out'), '-', '+');
    const ids = entries.map(([, f]) => (JSON.parse(f[f.indexOf('event') + 1]!) as { id: string }).id);
    expect(ids.sort()).toEqual(letters.map((l) => l.eventId).sort());
  });

  it('fails at once when the SDK refuses the target (no retries can help)', async () => {
    const letters = await seedDeadLetters(ctx, 'fail-d', 2);
    const made = await make({ selection: { filter: { topic: ['fail-d'] } } });
    // a target the API refuses up front (400), as an older row or a hand edit could hold it
    await ctx.db
      .update(replayJobs)
      .set({ target: { topic: 'not a topic' } })
      .where(eq(replayJobs.id, made.id));
    runner({ retryMs: 60_000 });
    const failed = await ended(made.id);
    await stopRunners();
    expect(failed).toMatchObject({ state: 'failed', replayed: 0, skipped: 2 });
    expect(failed.reason).toMatch(/^the replay target is refused: invalid topic "not a topic"/);
    expect((await stillPending('fail-d', letters)).rows).toHaveLength(2);
  });

  it('a job taken over from a crashed runner goes on at its stored pace, not from the ramp start', async () => {
    await seedDeadLetters(ctx, 'fail-e', 20);
    const made = await make({ selection: { filter: { topic: ['fail-e'] } }, rate: { start: 1, max: 500 } });
    // as a runner that climbed to 200/s and died leaves the row: running, its lease run out
    await ctx.db
      .update(replayJobs)
      .set({
        state: 'running',
        leaseOwner: 'crashed-runner',
        leaseUntil: new Date(Date.now() - 1_000),
        startedAt: new Date(),
        rateCurrent: 200,
      })
      .where(eq(replayJobs.id, made.id));
    const told: ReplayJob[] = [];
    // no ramp step in this test: any pace seen is the one the job was taken over at
    runner({ rampStepMs: 60_000, leaseMs: 300, onProgress: (j) => told.push(j) });
    const done = await ended(made.id);
    await stopRunners();
    expect(done).toMatchObject({ state: 'completed', replayed: 20 });
    const running = told.filter((j) => j.id === made.id && j.state === 'running');
    expect(running.length).toBeGreaterThan(0);
    expect(running.map((j) => j.rate.current)).toEqual(running.map(() => 200));

    // a paced job with its pace cleared (paused, then resumed) starts the ramp again from its start
    await seedDeadLetters(ctx, 'fail-f', 1);
    const queued = await make({ selection: { filter: { topic: ['fail-f'] } }, rate: { start: 5, max: 500 } });
    const seen: ReplayJob[] = [];
    runner({ rampStepMs: 60_000, onProgress: (j) => seen.push(j) });
    await ended(queued.id);
    await stopRunners();
    expect(seen.find((j) => j.id === queued.id && j.state === 'running')?.rate.current).toBe(5);
    const letters = await ctx.db
      .select()
      .from(replayJobLetters)
      .where(and(eq(replayJobLetters.jobId, made.id), eq(replayJobLetters.state, 'replayed')));
    expect(letters).toHaveLength(20);
  });
});
