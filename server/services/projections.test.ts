/**
 * Projection actions as a service, on projections a real bus runs in a real Redis, with the audit rows
 * in a real Postgres: pause / resume / rebuild and their effect, 409 when the state refuses (a second
 * click), 404, 403 below operator, trimmed topics (refused, then an admin's allowTrimmed), and an audit
 * row for every attempt.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import type { Role } from '@/server/access/roles';
import { createBus, type Bus } from '@/server/bus/bus';
import type { PublishInput } from '@/server/bus/envelope';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { order, orderTotals } from '@/server/testing/projection-fixtures';
import { eventually } from '@/server/testing/redis';
import { actOnProjection, type ProjectionActionInput } from './projections';

const FAST = { pollMs: 20, batchSize: 50, retiredGraceMs: 100, retryBaseMs: 20 };

describe('projection actions (service, real Redis and Postgres)', () => {
  let ctx: TestContext;
  let bus: Bus;

  const caller = (role: Role): Principal => ({
    kind: 'user',
    userId: `u-${role}`,
    name: `${role}@test.eventlens`,
    role,
  });
  const run = (role: Role, input: ProjectionActionInput) =>
    actOnProjection({ db: ctx.db, redis: ctx.redis, keys: ctx.keys, caller: caller(role) }, input);
  const audits = (name: string) =>
    ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targets, [name]))
      .orderBy(auditLog.id);
  const publishOrders = async (topic: string, from: number, to: number) => {
    const inputs: PublishInput[] = [];
    for (let i = from; i < to; i++) inputs.push({ type: 'order.placed', data: order(i) });
    await bus.publishBatch(topic, inputs);
  };

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'svc-projections');
    bus = createBus({ redis: ctx.redis, service: 'orders', prefix: ctx.prefix, telemetry: false });
    await publishOrders('orders', 0, 120);
    await bus.projections.register(orderTotals(), FAST);
    await eventually(async () => (await bus.projections.status('order-totals')).active.lag === 0);
  });
  afterAll(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await ctx.cleanup();
  });

  it('pauses and resumes; a second pause or resume is a 409, each attempt audited', async () => {
    const paused = await run('operator', { name: 'order-totals', action: 'pause', reason: 'maintenance' });
    expect(paused).toMatchObject({ name: 'order-totals', action: 'pause', active: 1, paused: true });
    expect((await bus.projections.status('order-totals')).paused).toBe(true);
    await expect(run('operator', { name: 'order-totals', action: 'pause' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/paused already/),
    });
    // a paused projection does not build: resume first
    await expect(run('operator', { name: 'order-totals', action: 'rebuild' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/resume it first/),
    });
    await run('operator', { name: 'order-totals', action: 'resume' });
    await expect(run('admin', { name: 'order-totals', action: 'resume' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/not paused/),
    });
    const rows = await audits('order-totals');
    expect(rows.map((r) => [r.action, r.result, r.actorRole])).toEqual([
      ['projection.pause', 'ok', 'operator'],
      ['projection.pause', 'failed', 'operator'],
      ['projection.rebuild', 'failed', 'operator'],
      ['projection.resume', 'ok', 'operator'],
      ['projection.resume', 'failed', 'admin'],
    ]);
    expect(rows[0]?.id).toBe(paused.auditId);
    expect(rows[0]?.parameters).toMatchObject({ reason: 'maintenance', generation: 1 });
  });

  it('rebuilds into a new generation that swaps in; a rebuild while one builds is a 409', async () => {
    const [first, second] = await Promise.allSettled([
      run('operator', { name: 'order-totals', action: 'rebuild' }),
      run('operator', { name: 'order-totals', action: 'rebuild' }),
    ]);
    const outcomes = [first, second].map((o) => o.status).sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const done = [first, second].find((o) => o.status === 'fulfilled');
    const refused = [first, second].find((o) => o.status === 'rejected');
    expect(done?.status === 'fulfilled' && done.value).toMatchObject({ action: 'rebuild', building: 2 });
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/rebuilding already \(generation 2\)/),
    });
    await eventually(async () => (await bus.projections.status('order-totals')).active.generation === 2);
    expect(await (await bus.projections.read('order-totals')).hgetall('counts')).toEqual({ orders: '120' });
    const rebuilds = (await audits('order-totals')).filter((r) => r.action === 'projection.rebuild');
    expect(rebuilds.at(-2)?.result === 'ok' ? rebuilds.at(-2) : rebuilds.at(-1)).toMatchObject({
      result: 'ok',
      parameters: { from: 1, generation: 2 },
    });
  });

  it('refuses a viewer and an analyst (denied, audited) and changes nothing; 404 for an unknown name', async () => {
    for (const role of ['viewer', 'analyst'] as const)
      await expect(run(role, { name: 'order-totals', action: 'pause' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    expect((await bus.projections.status('order-totals')).paused).toBe(false);
    const denied = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'projection.pause'), eq(auditLog.result, 'denied')));
    expect(denied.map((r) => r.actorRole).sort()).toEqual(['analyst', 'viewer']);

    await expect(run('operator', { name: 'no-such', action: 'rebuild' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await audits('no-such')).map((r) => [r.action, r.result])).toEqual([
      ['projection.rebuild', 'failed'],
    ]);
  });

  it('a topic that lost entries to retention: a rebuild is a 409 unless an admin asks with allowTrimmed', async () => {
    await publishOrders('trimmed-orders', 0, 40);
    await ctx.redis.xtrim(ctx.keys.stream('trimmed-orders'), 'MAXLEN', 10);
    const name = 'trimmed-totals';
    await bus.projections.register({ ...orderTotals(name), topics: ['trimmed-orders'] }, FAST);
    await expect(run('operator', { name, action: 'rebuild' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/trimmed-orders \(30 entries\) lost entries to retention/),
    });
    await expect(run('operator', { name, action: 'rebuild', allowTrimmed: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/lacks admin:manage to rebuild from trimmed topics/),
    });
    const forced = await run('admin', { name, action: 'rebuild', allowTrimmed: true, reason: 'schema fix' });
    expect(forced).toMatchObject({ building: 2 });
    expect((await audits(name)).map((r) => [r.result, r.parameters])).toEqual([
      ['failed', {}],
      ['denied', { allowTrimmed: true }],
      [
        'ok',
        {
          from: 1,
          generation: 2,
          lostEntries: { 'trimmed-orders': 30 },
          allowTrimmed: true,
          reason: 'schema fix',
        },
      ],
    ]);
  });
});
