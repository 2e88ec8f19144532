/**
 * One paced batch against real Postgres and Redis: letters go out a token at a time (not all at once),
 * and a run stopped midway (or a job paused midway) records what it sent and gives the rest back to
 * `pending`.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayJobLetters } from '@/db/schema';
import { TokenBucket } from '@/server/services/replays-pace';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { replayApi } from '@/server/testing/replay-api';
import { seedDeadLetters } from '@/server/testing/replay-letters';
import { lettersInRedis, replayAllToTarget } from '@/server/services/replays-target';
import { claimLetters } from './letters';
import { batchSize, replayPaced, sendSize } from './paced-batch';

describe('a paced batch of a replay job', () => {
  let ctx: TestContext;
  const { held, control } = replayApi(() => ctx);
  const sender = (signal: AbortSignal) => ({
    db: ctx.db,
    redis: ctx.redis,
    keys: ctx.keys,
    signal,
    owner: 'test-runner',
    leaseMs: 60_000,
    batchAttempts: 5,
    retryMs: 10,
    log: { warn: () => undefined },
  });

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'replay-paced-batch');
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('sends a letter per token and, stopped midway, gives the unsent letters back', async () => {
    await seedDeadLetters(ctx, 'paced', 10);
    const row = await held('paced', 20);
    const claimed = (await claimLetters(ctx.db, row.id, 'test-runner', 10))!;
    expect(claimed).toHaveLength(10);

    const stop = new AbortController();
    const sending = replayPaced(
      sender(stop.signal),
      row,
      claimed.map((c) => c.letterId),
      new TokenBucket(20),
    );
    await new Promise((resolve) => setTimeout(resolve, 160));
    stop.abort();
    const after = await sending;

    const entries = await ctx.redis.xrange(ctx.keys.stream('paced'), '-', '+');
    const letters = await ctx.db.select().from(replayJobLetters).where(eq(replayJobLetters.jobId, row.id));
    const count = (state: string) => letters.filter((l) => l.state === state).length;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThan(10);
    expect(after.replayed).toBe(entries.length);
    expect(count('replayed')).toBe(entries.length);
    expect(count('pending')).toBe(10 - entries.length);
    expect(count('replaying')).toBe(0);
    expect(await ctx.redis.xlen(ctx.keys.deadLetters('paced'))).toBe(10 - entries.length);
    // at 20/s the bucket banks one letter: entries never share a token
    const times = entries.map(([id]) => Number(id.split('-')[0]));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(40);
  });

  it('stops sending within a fraction of the batch once the job is paused', async () => {
    await seedDeadLetters(ctx, 'paused-mid-batch', 40);
    const row = await held('paused-mid-batch', 20);
    // two seconds of letters at 20/s: without asking the store, the whole batch would go out
    const claimed = (await claimLetters(ctx.db, row.id, 'test-runner', 40))!;
    const sending = replayPaced(
      sender(new AbortController().signal),
      row,
      claimed.map((c) => c.letterId),
      new TokenBucket(20),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await control(row.id, 'pause')).status).toBe(200);
    const pausedAt = await ctx.redis.xlen(ctx.keys.stream('paused-mid-batch'));
    const after = await sending;

    const sent = await ctx.redis.xlen(ctx.keys.stream('paused-mid-batch'));
    // at most one look (every 250 ms) of the pace after the pause, nowhere near the 40 claimed
    expect(sent - pausedAt).toBeLessThanOrEqual(6);
    expect(after.replayed).toBe(sent);
    const letters = await ctx.db.select().from(replayJobLetters).where(eq(replayJobLetters.jobId, row.id));
    expect(letters.filter((l) => l.state === 'pending')).toHaveLength(40 - sent);
    expect(await ctx.redis.xlen(ctx.keys.deadLetters('paused-mid-batch'))).toBe(40 - sent);
  });

  it('tells which claimed letters are still dead letters in Redis, in one look', async () => {
    const seeded = await seedDeadLetters(ctx, 'in-doubt', 3);
    const ids = seeded.map((letter) => letter.id);
    await replayAllToTarget(ctx.redis, ctx.keys, [ids[1]!], {}, undefined);
    const unknownTopic = 'no-such-topic/1-0';
    expect(await lettersInRedis(ctx.redis, ctx.keys, [...ids, unknownTopic])).toEqual({
      gone: [ids[1], unknownTopic],
      present: [ids[0], ids[2]],
    });
    expect(await lettersInRedis(ctx.redis, ctx.keys, [])).toEqual({ gone: [], present: [] });
  });

  it('claims about a second of letters, at least one, at most the batch cap', () => {
    expect(batchSize(1, 500)).toBe(1);
    expect(batchSize(20, 500)).toBe(20);
    expect(batchSize(500, 500)).toBe(500);
    expect(batchSize(5_000, 500)).toBe(500);
  });

  it('sends about 20 ms of the pace per round trip, one letter at a time at low rates', () => {
    expect(sendSize(1, 100)).toBe(1);
    expect(sendSize(20, 100)).toBe(1);
    expect(sendSize(500, 100)).toBe(10);
    expect(sendSize(500, 3)).toBe(3);
    expect(sendSize(5_000, 1_000)).toBe(100);
  });
});
