/**
 * The replay job runner against real Redis and both stores (Postgres; PGlite, which the demo runs):
 * auto-pause on re-failures, takeover after a crash without duplicates, edited replays, and replays to
 * one consumer group.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditLog, events, replayJobLetters, replayJobs } from '@/db/schema';
import { DeadLetters } from '@/server/bus/dead-letters';
import { SchemaRegistry } from '@/server/bus/schema-registry';
import { ReplayJob, ReplayPlan } from '@/server/contracts/replays';
import { appContext, registerAppContext } from '@/server/http/context';
import { registryValidator } from '@/server/services/replay-edit';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { appUser } from '@/server/testing/app-users';
import { eventually, proxiedRedis, startRedisProxy } from '@/server/testing/redis';
import { replayApi } from '@/server/testing/replay-api';
import { eventRow } from '@/server/testing/store-rows';
import { failAgain, seedDeadLetters } from '@/server/testing/replay-letters';

describe.each(['postgres', 'pglite'] as const)('replay job runner on %s', (flavour) => {
  let ctx: TestContext;
  const { post, job, control, runner, stopRunners } = replayApi(() => ctx);
  const streamLength = (topic: string) => ctx.redis.xlen(ctx.keys.stream(topic));

  beforeAll(async () => {
    ctx = await startTestContext(flavour, 'api-replays-runner');
  });
  afterAll(async () => {
    await stopRunners();
    await ctx.cleanup();
  });

  it('pauses itself when replayed events fail again', async () => {
    const letters = await seedDeadLetters(ctx, 'pay-e', 12);
    const made = ReplayJob.parse(
      await (
        await post({ selection: { filter: { topic: ['pay-e'] } }, rate: { start: 1000, max: 1000 } })
      ).json(),
    );
    runner({ settleTimeoutMs: 30_000 });
    await eventually(async () => (await job(made.id)).replayed === 12);
    // the SDK dead-letters the replayed events again; the recorder writes the new letters
    await failAgain(
      ctx.db,
      'pay-e',
      letters.map((l) => l.eventId),
    );
    const paused = await eventually(async () => {
      const j = await job(made.id);
      return j.state === 'paused' ? j : null;
    });
    await stopRunners();
    expect(paused.failedAgain).toBe(12);
    expect(paused.reason).toMatch(/re-failure rate 100 %/);
    const letterRows = await ctx.db
      .select()
      .from(replayJobLetters)
      .where(eq(replayJobLetters.jobId, made.id));
    expect(letterRows.every((l) => l.state === 'failed-again' && l.newLetterId)).toBe(true);
  });

  it('resumes after a crash: another runner finishes, no letter replayed twice or left behind', async () => {
    const letters = await seedDeadLetters(ctx, 'pay-f', 12);
    const made = ReplayJob.parse(
      await (await post({ selection: { filter: { topic: ['pay-f'] } }, rate: { start: 5, max: 5 } })).json(),
    );
    const first = runner({ leaseMs: 300 });
    await eventually(async () => (await job(made.id)).replayed >= 2);
    await first.abandon();
    // the crash window: one letter claimed and replayed on Redis but not recorded, one only claimed
    const pending = await ctx.db
      .select()
      .from(replayJobLetters)
      .where(and(eq(replayJobLetters.jobId, made.id), eq(replayJobLetters.state, 'pending')))
      .orderBy(replayJobLetters.seq);
    const [done, claimed] = pending;
    await new DeadLetters(ctx.redis, ctx.keys).replay(done!.letterId);
    await ctx.db
      .update(replayJobs)
      .set({
        rateStart: 1000,
        rateMax: 1000,
        claimedThrough: sql`greatest(claimed_through, ${claimed!.seq})`,
      })
      .where(eq(replayJobs.id, made.id));

    runner();
    const finished = await eventually(async () => {
      const j = await job(made.id);
      return j.state === 'completed' ? j : null;
    }, 20_000);
    await stopRunners();
    expect(finished).toMatchObject({ total: 12, replayed: 12, remaining: 0 });
    const moved = await streamLength('pay-f');
    const left = await ctx.redis.xlen(ctx.keys.deadLetters('pay-f'));
    expect(moved + left).toBe(12);
    expect(left).toBe(0);
    const entries = await ctx.redis.xrange(ctx.keys.stream('pay-f'), '-', '+');
    const ids = entries.map(
      ([, fields]) => (JSON.parse(fields[fields.indexOf('event') + 1]!) as { id: string }).id,
    );
    expect(new Set(ids).size).toBe(12);
    expect(ids.sort()).toEqual(letters.map((l) => l.eventId).sort());
  }, 30_000);

  it('replays an edit as a new event caused by the original, validated, approved, its diff audited', async () => {
    const [letter] = await seedDeadLetters(ctx, 'pay-g', 1);
    const original = {
      specversion: '1.0',
      id: letter!.eventId,
      source: '/test/replays',
      type: 'payment.requested',
      subject: 'order-0',
      correlationid: 'corr-0',
      data: { amount: 0 },
    };
    let jobId = '';
    const saved = appContext();
    const schemas = new SchemaRegistry().register('payment.requested', 1, z.object({ amount: z.number() }));
    registerAppContext({
      ...saved,
      replays: { approvalThreshold: 100, validateData: registryValidator(schemas) },
    });
    try {
      const selection = { ids: [letter!.id] };
      const edited = (data: unknown) => ({ event: JSON.stringify({ ...original, data }) });
      const wrong = ReplayPlan.parse(
        await (await post({ selection, edit: edited({ amount: 'lots' }), dryRun: true })).json(),
      );
      expect(wrong.edit).toMatchObject({ valid: false, errors: [expect.stringMatching(/^data: /)] });
      expect((await post({ selection, edit: { event: '{"nope": 1}' } })).status).toBe(400);

      const plan = ReplayPlan.parse(
        await (await post({ selection, edit: edited({ amount: 42 }), dryRun: true })).json(),
      );
      expect(plan.edit?.valid).toBe(true);
      expect(plan.edit?.diff).toContain('-     "amount": 0');
      expect(plan).toMatchObject({ needsApproval: true, approvalReason: expect.stringMatching(/edited/) });
      const made = ReplayJob.parse(
        await (await post({ selection, edit: edited({ amount: 42 }), previewId: plan.previewId })).json(),
      );
      expect(made).toMatchObject({ state: 'awaiting-approval', edited: true });
      expect(made.plan.edit?.diff).toEqual([]); // payload lines stay out of the job every viewer sees
      jobId = made.id;
      const second = await appUser(ctx.db, 'admin', 'edit-approver');
      const approved = await control(made.id, 'approve', { authorization: `Bearer ${second.token}` });
      expect(approved.status).toBe(200);
    } finally {
      registerAppContext(saved);
    }
    runner();
    await eventually(async () => (await job(jobId)).state === 'completed');
    await stopRunners();
    const entries = await ctx.redis.xrange(ctx.keys.stream('pay-g'), '-', '+');
    expect(entries).toHaveLength(1);
    const fields = entries[0]![1];
    const replayed = JSON.parse(fields[fields.indexOf('event') + 1]!) as Record<string, unknown>;
    expect(replayed.id).not.toBe(original.id);
    expect(replayed).toMatchObject({
      causationid: original.id,
      correlationid: 'corr-0',
      data: { amount: 42 },
    });
    const created = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'replay.create'));
    expect(created.some((a) => Array.isArray(a.parameters.diff))).toBe(true);
  });

  it('replays to the one group that failed: its redelivery stream, not the topic every group reads', async () => {
    await seedDeadLetters(ctx, 'pay-h', 3, { group: 'payers' });
    await ctx.redis.xgroup('CREATE', ctx.keys.stream('pay-h'), 'payers', '$', 'MKSTREAM');
    const answer = await post({
      selection: { filter: { topic: ['pay-h'] } },
      target: { group: 'payers' },
      rate: { start: 100, max: 100 },
    });
    expect(answer.status).toBe(201);
    const made = ReplayJob.parse(await answer.json());
    runner();
    await eventually(async () => (await job(made.id)).state === 'completed');
    await stopRunners();
    expect(await streamLength('pay-h')).toBe(0);
    expect(await ctx.redis.xlen(ctx.keys.redelivery('pay-h', 'payers'))).toBe(3);
    expect(
      (await post({ selection: { filter: { topic: ['pay-h'] } }, target: { topic: 'no spaces' } })).status,
    ).toBe(400);
  });

  it('replays letters of several groups each to the group that failed it, as the preview says', async () => {
    const [payer] = await seedDeadLetters(ctx, 'pay-k', 2, { group: 'payers' });
    const [shipper] = await seedDeadLetters(ctx, 'pay-k', 3, { group: 'shippers' });
    // two events of one subject, each failed by another group: each group gets one of them back
    await ctx.db
      .insert(events)
      .values(
        [payer!, shipper!].map((l) => eventRow({ eventId: l.eventId, time: new Date(), subject: 'order-9' })),
      );
    for (const group of ['payers', 'shippers'])
      await ctx.redis.xgroup('CREATE', ctx.keys.stream('pay-k'), group, '$', 'MKSTREAM');
    const request = {
      selection: { filter: { topic: ['pay-k'] } },
      target: { failedGroup: true as const },
      rate: { start: 100, max: 100 },
    };
    const plan = ReplayPlan.parse(await (await post({ ...request, dryRun: true })).json());
    expect(plan.groups.map(({ name, topic, count }) => ({ name, topic, count }))).toEqual([
      { name: 'payers', topic: 'pay-k', count: 2 },
      { name: 'shippers', topic: 'pay-k', count: 3 },
    ]);
    expect(plan.hotSubjects).toEqual([]);
    // to the topic, every group gets both: out of order is possible there
    const toTopic = ReplayPlan.parse(
      await (await post({ ...request, target: undefined, dryRun: true })).json(),
    );
    expect(toTopic.hotSubjects).toEqual([{ name: 'order-9', count: 2 }]);
    const made = ReplayJob.parse(await (await post({ ...request, previewId: plan.previewId })).json());
    runner();
    await eventually(async () => (await job(made.id)).state === 'completed');
    await stopRunners();
    expect(await streamLength('pay-k')).toBe(0); // no group sees another group's letters
    expect(await ctx.redis.xlen(ctx.keys.redelivery('pay-k', 'payers'))).toBe(2);
    expect(await ctx.redis.xlen(ctx.keys.redelivery('pay-k', 'shippers'))).toBe(3);
    expect((await job(made.id)).target).toEqual({ failedGroup: true });
    const both = await post({ ...request, target: { failedGroup: true, group: 'payers' } as never });
    expect(both.status).toBe(400);
  });

  it('says why a job stalls while Redis is away and goes on once it is back, rather than failing', async () => {
    const letters = await seedDeadLetters(ctx, 'pay-j', 2);
    const made = ReplayJob.parse(await (await post({ selection: { filter: { topic: ['pay-j'] } } })).json());
    const proxy = await startRedisProxy();
    const redis = await proxiedRedis(proxy);
    try {
      await proxy.cut();
      runner({ redis, retryAfterMs: 100 });
      const stalled = await eventually(async () => {
        const j = await job(made.id);
        return j.reason?.startsWith('retrying after an error:') ? j : null;
      });
      expect(stalled).toMatchObject({ state: 'running', replayed: 0, remaining: 2 });
      const [row] = await ctx.db.select().from(replayJobs).where(eq(replayJobs.id, made.id));
      expect(row!.leaseOwner).toBeNull();
      await proxy.restore();
      const done = await eventually(async () => {
        const j = await job(made.id);
        return j.state === 'completed' ? j : null;
      }, 20_000);
      expect(done).toMatchObject({ replayed: 2, skipped: 0, reason: null });
      expect(await streamLength('pay-j')).toBe(letters.length);
    } finally {
      await stopRunners();
      redis.disconnect();
      await proxy.close();
    }
  }, 30_000);
});
