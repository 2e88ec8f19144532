/**
 * GET /api/projections, GET /api/projections/{name} and POST /api/projections/{name}/{action} on
 * projections real buses run in a real Redis (audit rows in a real Postgres): status, positions, lag in
 * entries and in time, processes, the latest rebuild, the read model and its masking per role, a
 * stalled projection nobody runs, errors masked below payload:read, 403 / 400 / 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus, type Bus } from '@/server/bus/bus';
import type { PublishInput } from '@/server/bus/envelope';
import { defineProjection } from '@/server/bus/projections';
import { ApiError } from '@/server/contracts/errors';
import {
  ProjectionActionResult,
  ProjectionDetail,
  ProjectionList,
  type ProjectionSummary,
} from '@/server/contracts/projections';
import { json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { order, orderTotals } from '@/server/testing/projection-fixtures';
import { eventually } from '@/server/testing/redis';
import { POST as act } from './projections/[name]/[action]/route';
import { GET as getOne } from './projections/[name]/route';
import { GET as getAll } from './projections/route';

const FAST = { pollMs: 20, batchSize: 50, retiredGraceMs: 100, retryBaseMs: 20, retryMaxMs: 200 };

describe('REST API: projections (real buses, Redis and Postgres)', () => {
  let ctx: TestContext;
  let bus: Bus;

  const list = async (headers: Record<string, string> = {}) =>
    ProjectionList.parse(await json(await getAll(request('/api/projections', { headers }))));
  const row = async (name: string, headers: Record<string, string> = {}): Promise<ProjectionSummary> => {
    const found = (await list(headers)).items.find((item) => item.name === name);
    if (!found) throw new Error(`${name} is not listed`);
    return found;
  };
  const detail = (name: string, headers: Record<string, string> = {}) =>
    getOne(request(`/api/projections/${name}`, { headers }), { params: Promise.resolve({ name }) });
  const post = (name: string, action: string, headers: Record<string, string>, body: unknown = {}) =>
    act(
      request(`/api/projections/${name}/${action}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
      { params: Promise.resolve({ name, action }) },
    );
  const publishOrders = async (from: number, to: number) => {
    const inputs: PublishInput[] = [];
    for (let i = from; i < to; i++) inputs.push({ type: 'order.placed', data: order(i) });
    await bus.publishBatch('orders', inputs);
  };

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-projections');
    bus = createBus({ redis: ctx.redis, service: 'orders', prefix: ctx.prefix, telemetry: false });
    await publishOrders(0, 70);
    await bus.projections.register(orderTotals(), FAST);
    await eventually(async () => (await bus.projections.status('order-totals')).active.lag === 0);
  });
  afterAll(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await ctx.cleanup();
  });

  it('lists a running projection with its positions, counters and the process that holds it', async () => {
    const listed = await row('order-totals', await ctx.as('viewer'));
    expect(listed).toMatchObject({
      name: 'order-totals',
      topics: ['orders', 'payments'],
      status: 'running',
      paused: false,
      building: null,
      lastRebuild: null,
      active: { generation: 1, role: 'active', lag: 0, lagMs: null, applied: 70, errors: 0, held: true },
    });
    expect(listed.active.topics.map((t) => [t.topic, t.lag, t.lagMs])).toEqual([
      ['orders', 0, null],
      ['payments', 0, null],
    ]);
    expect(listed.active.topics[0]?.position).toMatch(/^\d+-\d+$/);
    expect(listed.active.holder).toMatchObject({ service: 'orders', pid: process.pid });
    expect(listed.processes).toEqual([
      expect.objectContaining({ service: 'orders', pid: process.pid, holds: [1] }),
    ]);
  });

  it('a paused projection shows its lag in entries and in time; resume catches up (operator, audited)', async () => {
    const operator = await ctx.as('operator');
    expect(
      ProjectionActionResult.parse(await json(await post('order-totals', 'pause', operator))),
    ).toMatchObject({
      paused: true,
    });
    await publishOrders(70, 80);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const paused = await row('order-totals');
    expect(paused).toMatchObject({ status: 'paused', active: { lag: 10 } });
    expect(paused.active.lagMs).toBeGreaterThanOrEqual(200);
    expect(paused.active.topics[0]).toMatchObject({ topic: 'orders', lag: 10 });

    const again = await post('order-totals', 'pause', operator);
    expect(again.status).toBe(409);
    expect(ApiError.parse(await json(again)).error.message).toMatch(/paused already/);
    expect((await post('order-totals', 'resume', operator)).status).toBe(200);
    await eventually(async () => (await row('order-totals')).active.lag === 0);
  });

  it('rebuilds through the API: the building generation, then the swap with the same read model', async () => {
    const before = ProjectionDetail.parse(await json(await detail('order-totals')));
    expect(before.readModel.generation).toBe(1);
    const counts = before.readModel.keys.find((k) => k.key === 'counts');
    expect(counts).toEqual({
      key: 'counts',
      type: 'hash',
      entries: [{ field: 'orders', value: '80' }],
      size: 1,
    });
    // 80 orders, one hash each, plus three keys: more than the look shows
    expect(before.readModel.truncated).toBe(true);
    expect(before.readModel.keys).toHaveLength(50);

    const started = await post('order-totals', 'rebuild', await ctx.as('operator'));
    expect(ProjectionActionResult.parse(await json(started))).toMatchObject({ active: 1, building: 2 });
    const swapped = await eventually(async () => {
      const current = await row('order-totals');
      return current.active.generation === 2 && current.building === null ? current : null;
    });
    expect(swapped.status).toBe('running');
    expect(swapped.lastRebuild?.swappedAt).not.toBeNull();
    expect(Date.parse(swapped.lastRebuild!.swappedAt!)).toBeGreaterThanOrEqual(
      Date.parse(swapped.lastRebuild!.startedAt),
    );
    const after = ProjectionDetail.parse(await json(await detail('order-totals')));
    expect(after.readModel.generation).toBe(2);
    expect(after.readModel.keys).toEqual(before.readModel.keys);
  });

  it('refuses a viewer (403, route audit), names a bad name or action (400), 404 for an unknown one', async () => {
    const viewer = await ctx.as('viewer');
    expect((await post('order-totals', 'pause', viewer)).status).toBe(403);
    expect((await bus.projections.status('order-totals')).paused).toBe(false);

    const badName = await post('no such', 'pause', await ctx.as('operator'));
    expect(badName.status).toBe(400);
    expect(ApiError.parse(await json(badName)).error.message).toMatch(/^params\.name: /);
    const badAction = await post('order-totals', 'restart', await ctx.as('operator'));
    expect(badAction.status).toBe(400);
    expect(ApiError.parse(await json(badAction)).error.message).toMatch(/^params\.action: /);
    expect((await detail('no-such-projection')).status).toBe(404);
    expect((await post('no-such-projection', 'resume', await ctx.as('operator'))).status).toBe(404);
  });

  it('a projection nobody runs is stalled; its error text and read model values are masked for a viewer', async () => {
    const other = createBus({ redis: ctx.redis, service: 'billing', prefix: ctx.prefix, telemetry: false });
    await bus.publish('cards', { type: 'card.added', data: { card: '4111 1111 1111 1111' } });
    await bus.publish('cards', { type: 'card.checked', data: { card: '4111 1111 1111 1111' } });
    const cards = defineProjection({
      name: 'cards',
      topics: ['cards'],
      handlers: {
        'card.added': (event: { data: { card: string } }, model) =>
          model.hset('last', 'card', event.data.card),
        'card.checked': (event: { data: { card: string } }) => {
          throw new Error(`cannot check card ${event.data.card} (see redis://:hunter2@cache)`);
        },
      },
    });
    await other.projections.register(cards, { ...FAST, leaseMs: 500 }); // its lease runs out soon after close
    await eventually(async () => (await other.projections.status('cards')).active.errors > 0);
    await other.close({ timeoutMs: 1_000 });

    const stalled = await eventually(async () => {
      const current = await row('cards');
      return current.status === 'stalled' ? current : null;
    });
    // the batch with the throwing handler is never committed: the model is empty, the error kept
    expect(stalled).toMatchObject({ processes: [], active: { held: false, lag: 2, holder: null } });
    expect(stalled.active.lastError).toBe(
      'Error: cannot check card 4111 1111 1111 1111 (see redis://:***@cache)',
    );
    expect((await row('cards', await ctx.as('viewer'))).active.lastError).toBe('Error: ***');

    // a read model value as each role sees it
    await ctx.redis.hset(ctx.keys.projectionModel('cards', 1, 'last'), 'card', '4111');
    const asRole = async (role: 'viewer' | 'analyst') =>
      ProjectionDetail.parse(await json(await detail('cards', await ctx.as(role)))).readModel;
    expect(await asRole('viewer')).toMatchObject({
      keys: [{ key: 'last', entries: [{ field: 'card', value: '***' }] }],
      masking: { all: true, reason: 'role' },
    });
    expect(await asRole('analyst')).toMatchObject({
      keys: [{ entries: [{ field: 'card', value: '4111' }] }],
    });
  });
});
