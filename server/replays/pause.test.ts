/**
 * Pausing a running job against real Postgres and Redis: the runner stops within its batch, not at
 * its next lease renewal, so the same runner takes the resumed job up at its next poll and every
 * letter is still replayed exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayJob } from '@/server/contracts/replays';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { eventually } from '@/server/testing/redis';
import { replayApi } from '@/server/testing/replay-api';
import { seedDeadLetters } from '@/server/testing/replay-letters';

const LETTERS = 40;

describe('a paused replay job', () => {
  let ctx: TestContext;
  const { post, job, control, runner, stopRunners } = replayApi(() => ctx);

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'replay-pause');
  });
  afterAll(async () => {
    await stopRunners();
    await ctx.cleanup();
  });

  it('stops within its batch and is taken up again by the same runner once resumed', async () => {
    await seedDeadLetters(ctx, 'paused', LETTERS);
    // a renewal every 200 s: a worker that waited for it to notice the pause would hold the job past the test
    runner({ leaseMs: 600_000 });
    const made = ReplayJob.parse(
      await (
        await post({ selection: { filter: { topic: ['paused'] } }, rate: { start: 20, max: 20 } })
      ).json(),
    );
    await eventually(async () => (await job(made.id)).replayed > 0);

    expect((await control(made.id, 'pause')).status).toBe(200);
    const streamLength = () => ctx.redis.xlen(ctx.keys.stream('paused'));
    // the batch in flight is sent and recorded, then nothing more goes out
    await eventually(async () => (await job(made.id)).replayed === (await streamLength()));
    const atPause = await streamLength();
    expect(atPause).toBeLessThan(LETTERS);

    expect((await control(made.id, 'resume')).status).toBe(200);
    await eventually(async () => (await job(made.id)).state === 'completed');
    expect(await streamLength()).toBe(LETTERS);
    expect(await ctx.redis.xlen(ctx.keys.deadLetters('paused'))).toBe(0);
    expect(await job(made.id)).toMatchObject({ replayed: LETTERS, remaining: 0 });
  });
});
