/**
 * Replay jobs end to end minus Next: the /api/replays route handlers over a real Postgres test
 * database and real Redis (own key prefix), with the job runner (server/replays/runner.ts) running
 * against the same clients. Dead letters are seeded as the SDK leaves them (Redis entry + store row).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditLog, deadLetters, replayJobLetters, replayJobs } from '@/db/schema';
import { DeadLetters } from '@/server/bus/dead-letters';
import { SchemaRegistry } from '@/server/bus/schema-registry';
import { ReplayJob, ReplayPlan } from '@/server/contracts/replays';
import { appContext, registerAppContext } from '@/server/http/context';
import { registryValidator } from '@/server/services/replay-edit';
import { startReplayRunner, type ReplayRunner, type ReplayRunnerOptions } from '@/server/replays/runner';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { request } from '@/server/testing/api-requests';
import { appUser } from '@/server/testing/app-users';
import { eventually } from '@/server/testing/redis';
import { failAgain, seedDeadLetters } from '@/server/testing/replay-letters';
import { POST as approve } from './replays/[id]/approve/route';
import { POST as cancel } from './replays/[id]/cancel/route';
import { POST as pause } from './replays/[id]/pause/route';
import { POST as resume } from './replays/[id]/resume/route';
import { GET as getLetters } from './replays/[id]/letters/route';
import { GET as getJob } from './replays/[id]/route';
import { GET as listJobs, POST as postReplay } from './replays/route';

describe('replay jobs (route handlers and the runner over real Postgres and Redis)', () => {
  let ctx: TestContext;
  let runners: ReplayRunner[] = [];

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    postReplay(
      request('/api/replays', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    );
  const job = async (id: string) =>
    ReplayJob.parse(
      await (await getJob(request(`/api/replays/${id}`), { params: Promise.resolve({ id }) })).json(),
    );
  const runner = (options: Partial<ReplayRunnerOptions> = {}): ReplayRunner => {
    const started = startReplayRunner({
      db: ctx.db,
      redis: ctx.redis,
      keys: ctx.keys,
      pollMs: 50,
      settleEveryMs: 50,
      settleTimeoutMs: 200,
      rampStepMs: 50,
      progressMs: 50,
      ...options,
    });
    runners.push(started);
    return started;
  };
  const stopRunners = async () => {
    await Promise.all(runners.map((r) => r.stop()));
    runners = [];
  };
  const streamLength = (topic: string) => ctx.redis.xlen(ctx.keys.stream(topic));
  const pendingRows = async (ids: string[]) =>
    (await ctx.db.select().from(deadLetters)).filter((d) => ids.includes(d.id) && d.status === 'pending');

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-replays');
  });
  afterAll(async () => {
    await stopRunners();
    await ctx.cleanup();
  });

  it('previews truthfully, replays exactly the previewed letters, not those that arrived later', async () => {
    const letters = await seedDeadLetters(ctx, 'pay-a', 5, { fingerprint: 'fp-a' });
    const preview = await post({
      selection: { fingerprint: 'fp-a' },
      dryRun: true,
      rate: { start: 100, max: 100 },
    });
    expect(preview.status).toBe(200);
    const plan = ReplayPlan.parse(await preview.json());
    expect(plan).toMatchObject({ count: 5, correlationChains: 5, inOtherJobs: 0, needsApproval: false });
    expect(plan.topics).toEqual([{ name: 'pay-a', count: 5 }]);
    expect(plan.eventTypes).toEqual([{ name: 'payment.requested', count: 5 }]);

    const late = await seedDeadLetters(ctx, 'pay-a', 2, { fingerprint: 'fp-a' });
    const created = await post({
      selection: { fingerprint: 'fp-a' },
      previewId: plan.previewId,
      rate: { start: 100, max: 100 },
    });
    expect(created.status).toBe(201);
    const made = ReplayJob.parse(await created.json());
    expect(made).toMatchObject({ state: 'queued', total: 5, newSincePreview: 2 });

    runner();
    const done = await eventually(async () => {
      const j = await job(made.id);
      return j.state === 'completed' ? j : null;
    });
    await stopRunners();
    expect(done).toMatchObject({ total: 5, replayed: 5, remaining: 0, skipped: 0 });
    expect(await streamLength('pay-a')).toBe(5);
    expect(await pendingRows(letters.map((l) => l.id))).toHaveLength(0);
    expect(await pendingRows(late.map((l) => l.id))).toHaveLength(2);
    expect(await ctx.redis.xlen(ctx.keys.deadLetters('pay-a'))).toBe(2);

    const page = await (
      await getLetters(request(`/api/replays/${made.id}/letters`), {
        params: Promise.resolve({ id: made.id }),
      })
    ).json();
    expect((page as { items: { state: string }[] }).items.map((l) => l.state)).toEqual(
      Array(5).fill('replayed'),
    );
    const list = (await (await listJobs(request('/api/replays?state=completed'))).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((i) => i.id)).toContain(made.id);
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'replay.finish'));
    expect(audit.find((a) => a.targets.includes(made.id))?.follows).toBeTypeOf('number');
  });

  it('makes one job of two concurrent replays of one letter (409 for the second)', async () => {
    const [letter] = await seedDeadLetters(ctx, 'pay-b', 1);
    const answers = await Promise.all([
      post({ selection: { ids: [letter!.id] } }),
      post({ selection: { ids: [letter!.id] } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('refuses a viewer (403) and audits the attempt', async () => {
    const [letter] = await seedDeadLetters(ctx, 'pay-c', 1);
    const answer = await post({ selection: { ids: [letter!.id] } }, await ctx.as('viewer'));
    expect(answer.status).toBe(403);
    const denied = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'route.denied'), eq(auditLog.result, 'denied')));
    expect(denied.some((a) => a.targets.includes('POST /api/replays'))).toBe(true);
  });

  it('needs a second admin above the threshold: the creator cannot approve, another admin can', async () => {
    const saved = appContext();
    registerAppContext({ ...saved, replays: { approvalThreshold: 2 } });
    try {
      await seedDeadLetters(ctx, 'pay-d', 3, { fingerprint: 'fp-d' });
      const created = ReplayJob.parse(await (await post({ selection: { fingerprint: 'fp-d' } })).json());
      expect(created.state).toBe('awaiting-approval');
      const approveAs = async (headers: Record<string, string>) =>
        approve(request(`/api/replays/${created.id}/approve`, { method: 'POST', headers }), {
          params: Promise.resolve({ id: created.id }),
        });
      expect((await approveAs(await ctx.as('admin'))).status).toBe(403);
      const second = await appUser(ctx.db, 'admin', 'second-admin');
      const approved = await approveAs({ authorization: `Bearer ${second.token}` });
      expect(approved.status).toBe(200);
      const approvedJob = ReplayJob.parse(await approved.json());
      expect(approvedJob.state).toBe('queued');
      expect(approvedJob.approvedBy).toContain(second.email);
    } finally {
      registerAppContext(saved);
    }
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
    for (const id of [done!.letterId, claimed!.letterId])
      await ctx.db
        .update(replayJobLetters)
        .set({ state: 'replaying' })
        .where(and(eq(replayJobLetters.jobId, made.id), eq(replayJobLetters.letterId, id)));
    await ctx.db.update(replayJobs).set({ rateStart: 1000, rateMax: 1000 }).where(eq(replayJobs.id, made.id));

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
      jobId = made.id;
      const second = await appUser(ctx.db, 'admin', 'edit-approver');
      const approved = await approve(
        request(`/api/replays/${made.id}/approve`, {
          method: 'POST',
          headers: { authorization: `Bearer ${second.token}` },
        }),
        { params: Promise.resolve({ id: made.id }) },
      );
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

  it('pauses, resumes and cancels (409 from the wrong state); a cancel frees the letters', async () => {
    const letters = await seedDeadLetters(ctx, 'pay-i', 3);
    const made = ReplayJob.parse(await (await post({ selection: { ids: letters.map((l) => l.id) } })).json());
    const act = async (handler: typeof pause, action: string, headers: Record<string, string> = {}) =>
      handler(request(`/api/replays/${made.id}/${action}`, { method: 'POST', headers }), {
        params: Promise.resolve({ id: made.id }),
      });
    expect((await act(pause, 'pause', await ctx.as('viewer'))).status).toBe(403);
    expect(ReplayJob.parse(await (await act(pause, 'pause')).json())).toMatchObject({ state: 'paused' });
    expect((await act(pause, 'pause')).status).toBe(409);
    expect(ReplayJob.parse(await (await act(resume, 'resume')).json())).toMatchObject({ state: 'queued' });
    const cancelled = ReplayJob.parse(await (await act(cancel, 'cancel')).json());
    expect(cancelled).toMatchObject({ state: 'cancelled', skipped: 3, remaining: 0 });
    expect((await act(resume, 'resume')).status).toBe(409);
    // free again: another job may take them
    expect((await post({ selection: { ids: letters.map((l) => l.id) } })).status).toBe(201);
    const actions = (await ctx.db.select().from(auditLog).orderBy(auditLog.id))
      .filter((a) => a.targets.includes(made.id))
      .map((a) => `${a.action} ${a.result}`);
    expect(actions).toEqual([
      'replay.create started',
      'replay.pause ok',
      'replay.resume ok',
      'replay.finish completed',
      'replay.cancel ok',
    ]);
  });
});
