/**
 * Replay jobs through the /api/replays route handlers over a real Postgres test database and real
 * Redis (own key prefix): the preview's truth, one live job per letter, permissions and four-eyes,
 * pause/resume/cancel. Dead letters are seeded as the SDK leaves them (Redis entry + store row).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { auditLog, deadLetters, events } from '@/db/schema';
import { ReplayJob, ReplayPlan } from '@/server/contracts/replays';
import { appContext, registerAppContext } from '@/server/http/context';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { request } from '@/server/testing/api-requests';
import { appUser } from '@/server/testing/app-users';
import { letterStatusOf, setLetterState } from '@/server/testing/letter-states';
import { eventually } from '@/server/testing/redis';
import { deadLetterRow, eventRow } from '@/server/testing/store-rows';
import { replayApi } from '@/server/testing/replay-api';
import { seedDeadLetters } from '@/server/testing/replay-letters';
import { GET as getLetters } from './replays/[id]/letters/route';
import { GET as listJobs } from './replays/route';

describe('replay jobs: preview, one live job per letter, permissions, four-eyes, controls', () => {
  let ctx: TestContext;
  const { post, job, control, runner, stopRunners } = replayApi(() => ctx);
  const streamLength = (topic: string) => ctx.redis.xlen(ctx.keys.stream(topic));

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-replays');
  });
  afterAll(async () => {
    await stopRunners();
    await ctx.cleanup();
  });
  const pendingRows = async (ids: string[]) => {
    const statuses = await Promise.all(ids.map((id) => letterStatusOf(ctx.db, id)));
    return ids.filter((_, i) => statuses[i] === 'pending');
  };

  it('previews truthfully, replays exactly the previewed letters, not those that arrived later', async () => {
    const letters = await seedDeadLetters(ctx, 'pay-a', 5, { fingerprint: 'fp-a' });
    // two of the events are about one subject; the first was replayed once before and failed again
    await ctx.db
      .insert(events)
      .values(
        letters
          .slice(0, 3)
          .map((l, i) =>
            eventRow({ eventId: l.eventId, time: new Date(), subject: i < 2 ? 'order-7' : 'order-8' }),
          ),
      );
    await ctx.db.insert(deadLetters).values(
      deadLetterRow({
        id: 'pay-a/0-1',
        topic: 'pay-a',
        group: 'payers',
        eventId: letters[0]!.eventId,
        recordedAt: new Date(Date.now() - 60_000),
      }),
    );
    await setLetterState(ctx.db, 'pay-a/0-1', 'replayed');
    const preview = await post({
      selection: { filter: { fingerprint: ['fp-a'], topic: ['pay-a'] } },
      dryRun: true,
      rate: { start: 100, max: 100 },
    });
    expect(preview.status).toBe(200);
    const plan = ReplayPlan.parse(await preview.json());
    expect(plan).toMatchObject({ count: 5, correlationChains: 5, inOtherJobs: 0, needsApproval: false });
    expect(plan.topics).toEqual([{ name: 'pay-a', count: 5 }]);
    expect(plan.eventTypes).toEqual([{ name: 'payment.requested', count: 5 }]);
    expect(plan).toMatchObject({
      subjects: 2,
      hotSubjects: [{ name: 'order-7', count: 2 }],
      failedAfterReplay: 1,
    });

    const late = await seedDeadLetters(ctx, 'pay-a', 2, { fingerprint: 'fp-a' });
    const created = await post({
      selection: { filter: { fingerprint: ['fp-a'], topic: ['pay-a'] } },
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
    const refused = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'replay.create'), eq(auditLog.result, 'failed')));
    expect(refused).toHaveLength(1);
  });

  it('refuses a viewer and an analyst (403), audits the attempts, replays nothing', async () => {
    const [letter] = await seedDeadLetters(ctx, 'pay-c', 1);
    for (const role of ['viewer', 'analyst'] as const) {
      const answer = await post({ selection: { ids: [letter!.id] } }, await ctx.as(role));
      expect(answer.status).toBe(403);
      const preview = await post({ selection: { ids: [letter!.id] }, dryRun: true }, await ctx.as(role));
      expect(preview.status).toBe(403);
    }
    const denied = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'route.denied'), eq(auditLog.result, 'denied')));
    expect(
      denied
        .filter((a) => a.targets.includes('POST /api/replays'))
        .map((a) => a.actorRole)
        .sort(),
    ).toEqual(['analyst', 'analyst', 'viewer', 'viewer']);
    expect(await pendingRows([letter!.id])).toHaveLength(1);
    expect(await ctx.redis.xlen(ctx.keys.deadLetters('pay-c'))).toBe(1);
  });

  it('replays to another topic: the events land there, the group that failed does not get them twice', async () => {
    const letters = await seedDeadLetters(ctx, 'pay-t', 3, { group: 'payers' });
    // the group that failed reads the topic: anything replayed to it would reach the group again
    await ctx.redis.xgroup('CREATE', ctx.keys.stream('pay-t'), 'payers', '$', 'MKSTREAM');
    const body = {
      selection: { filter: { topic: ['pay-t'] } },
      target: { topic: 'pay-t.retry' },
      rate: { start: 100, max: 100 },
    };
    const plan = ReplayPlan.parse(await (await post({ ...body, dryRun: true })).json());
    expect(plan).toMatchObject({ count: 3, topics: [{ name: 'pay-t.retry', count: 3 }] });
    expect(plan.groups.map((g) => g.topic)).not.toContain('pay-t');
    const made = ReplayJob.parse(await (await post({ ...body, previewId: plan.previewId })).json());
    expect(made.target).toEqual({ topic: 'pay-t.retry' });

    runner();
    const done = await eventually(async () => {
      const j = await job(made.id);
      return j.state === 'completed' ? j : null;
    });
    await stopRunners();
    expect(done).toMatchObject({ total: 3, replayed: 3, skipped: 0 });
    const entries = await ctx.redis.xrange(ctx.keys.stream('pay-t.retry'), '-', '+');
    const ids = entries.map(([, f]) => (JSON.parse(f[f.indexOf('event') + 1]!) as { id: string }).id);
    expect(ids.sort()).toEqual(letters.map((l) => l.eventId).sort());
    expect(await streamLength('pay-t')).toBe(0);
    const read = await ctx.redis.xreadgroup(
      'GROUP',
      'payers',
      'c1',
      'STREAMS',
      ctx.keys.stream('pay-t'),
      '>',
    );
    expect(read).toBeNull();
    expect(await ctx.redis.xlen(ctx.keys.deadLetters('pay-t'))).toBe(0);
    expect(await pendingRows(letters.map((l) => l.id))).toHaveLength(0);
  });

  it('replays every letter matching a filter, and only those', async () => {
    const ledger = await seedDeadLetters(ctx, 'pay-u', 2, { group: 'ledger', fingerprint: 'fp-u1' });
    const payers = await seedDeadLetters(ctx, 'pay-u', 2, { group: 'payers', fingerprint: 'fp-u2' });
    const other = await seedDeadLetters(ctx, 'pay-v', 1, { group: 'ledger' });
    const selection = { filter: { topic: ['pay-u'], group: ['ledger'] } };
    const plan = ReplayPlan.parse(await (await post({ selection, dryRun: true })).json());
    expect(plan.count).toBe(2);
    const made = ReplayJob.parse(await (await post({ selection, rate: { start: 100, max: 100 } })).json());
    expect(made).toMatchObject({ total: 2, selection });
    runner();
    await eventually(async () => (await job(made.id)).state === 'completed');
    await stopRunners();
    expect(await pendingRows(ledger.map((l) => l.id))).toHaveLength(0);
    expect(await pendingRows([...payers, ...other].map((l) => l.id))).toHaveLength(3);
    expect(await streamLength('pay-u')).toBe(2);
    expect(await ctx.redis.xlen(ctx.keys.deadLetters('pay-u'))).toBe(2);
  });

  it('needs a second admin above the threshold: the creator cannot approve, another admin can', async () => {
    const saved = appContext();
    registerAppContext({ ...saved, replays: { approvalThreshold: 2 } });
    try {
      await seedDeadLetters(ctx, 'pay-d', 3, { fingerprint: 'fp-d' });
      const created = ReplayJob.parse(await (await post({ selection: { fingerprint: 'fp-d' } })).json());
      expect(created.state).toBe('awaiting-approval');
      const approveAs = (headers: Record<string, string>) => control(created.id, 'approve', headers);
      expect((await approveAs(await ctx.as('admin'))).status).toBe(403);
      // approving is an admin's: an analyst (or an operator) is refused by the route, and that is audited
      for (const role of ['analyst', 'operator'] as const)
        expect((await approveAs(await ctx.as(role))).status).toBe(403);
      const denied = await ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'route.denied'), eq(auditLog.result, 'denied')));
      expect(
        denied
          .filter((a) => a.targets.includes(`POST /api/replays/${created.id}/approve`))
          .map((a) => a.actorRole)
          .sort(),
      ).toEqual(['analyst', 'operator']);
      expect((await job(created.id)).state).toBe('awaiting-approval');
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

  it('pauses, resumes and cancels (409 from the wrong state); a cancel frees the letters', async () => {
    const saved = appContext();
    const told: string[] = [];
    registerAppContext({
      ...saved,
      replays: { approvalThreshold: 100, onChange: (j) => told.push(j.state) },
    });
    onTestFinished(() => registerAppContext(saved));
    const letters = await seedDeadLetters(ctx, 'pay-i', 3);
    const made = ReplayJob.parse(await (await post({ selection: { ids: letters.map((l) => l.id) } })).json());
    const act = (action: 'pause' | 'resume' | 'cancel', headers: Record<string, string> = {}) =>
      control(made.id, action, headers);
    expect((await act('pause', await ctx.as('viewer'))).status).toBe(403);
    expect(ReplayJob.parse(await (await act('pause')).json())).toMatchObject({ state: 'paused' });
    expect((await act('pause')).status).toBe(409);
    expect(ReplayJob.parse(await (await act('resume')).json())).toMatchObject({ state: 'queued' });
    const cancelled = ReplayJob.parse(await (await act('cancel')).json());
    expect(cancelled).toMatchObject({ state: 'cancelled', skipped: 3, remaining: 0 });
    expect((await act('resume')).status).toBe(409);
    // free again: another job may take them
    expect((await post({ selection: { ids: letters.map((l) => l.id) } })).status).toBe(201);
    // the live views heard of every change made through the API
    expect(told).toEqual(['queued', 'paused', 'queued', 'cancelled', 'queued']);
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
