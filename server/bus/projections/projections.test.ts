import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { order, orderTotals } from '@/server/testing/projection-fixtures';
import { deletePrefix, eventually, TEST_REDIS_URL, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from '../bus';
import { createRedis } from '../connection';
import type { PublishInput } from '../envelope';
import { defineProjection } from './definition';
import type { Model } from './model';
import type { ProjectionOptions } from './options';
import type { ProjectionPresence } from './presence';

const FAST: Partial<ProjectionOptions> = { pollMs: 20, batchSize: 50, retiredGraceMs: 100, retryBaseMs: 20 };

describe('projections (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('proj');
    bus = createBus({ redis, service: 'projection-test', prefix, telemetry: false });
  });
  afterEach(async () => {
    await bus.projections.close();
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  async function publishOrders(from: number, to: number): Promise<void> {
    const inputs: PublishInput[] = [];
    for (let i = from; i < to; i++) inputs.push({ type: 'order.placed', data: order(i) });
    await bus.publishBatch('orders', inputs);
  }

  async function publishPayments(from: number, to: number): Promise<void> {
    const inputs: PublishInput[] = [];
    for (let i = from; i < to; i++)
      inputs.push({ type: 'payment.received', data: { orderId: `o-${i}`, cents: 1 } });
    await bus.publishBatch('payments', inputs);
  }

  const caughtUp = (name = 'order-totals') =>
    eventually(async () => {
      const status = await bus.projections.status(name);
      return status.active.lag === 0 && status.building === null && status.active.committedAt !== null;
    });

  it('applies both topics from their start, with checkpoints and exact counts', async () => {
    await publishOrders(0, 230);
    await publishPayments(0, 120);
    await bus.projections.register(orderTotals(), FAST);
    await caughtUp();

    const view = await bus.projections.read('order-totals');
    expect(view.generation).toBe(1);
    expect(await view.hgetall('counts')).toEqual({ orders: '230', payments: '120' });
    expect(await view.hget('order:o-5', 'status')).toBe('paid');
    expect(await view.hget('order:o-200', 'status')).toBe('placed');
    expect((await view.smembers('paid')).length).toBe(120);
    const byCustomer = await view.hgetall('orders-by-customer');
    expect(Object.values(byCustomer).reduce((sum, n) => sum + Number(n), 0)).toBe(230);

    const status = await bus.projections.status('order-totals');
    expect(status.active.applied).toBe(350);
    const lastOrder = (await redis.xrevrange(bus.keys.stream('orders'), '+', '-', 'COUNT', 1))[0]![0];
    expect(status.active.topics.find((t) => t.topic === 'orders')?.position).toBe(lastOrder);
  });

  it('registers as a service starts, before its connection is up, and then applies', async () => {
    // without an offline queue a command on a connection still connecting fails at once
    const early = createRedis(TEST_REDIS_URL, { name: 'eventlens:test:early-projection' });
    const starting = createBus({ redis: early, service: 'early', prefix, telemetry: false });
    try {
      await publishOrders(0, 3);
      await starting.projections.register(orderTotals(), FAST);
      await eventually(async () => (await bus.projections.status('order-totals')).active.applied === 3);
    } finally {
      await starting.projections.close();
      await starting.close({ timeoutMs: 1_000 });
      early.disconnect();
    }
  });

  it('announces itself in the projections registry while it runs', async () => {
    await bus.projections.register(orderTotals(), FAST);
    const announced = await eventually(async () => {
      const all = await redis.hgetall(bus.keys.projections());
      const field = Object.keys(all).find((f) => f.startsWith('order-totals/'));
      return field ? (JSON.parse(all[field]!) as ProjectionPresence) : null;
    });
    expect(announced).toMatchObject({ name: 'order-totals', service: 'projection-test', paused: false });
    expect(announced.topics).toEqual(['orders', 'payments']);
    expect(announced.generations[0]).toMatchObject({ generation: 1, role: 'active', errors: 0 });
    // the names set remembers it once nobody runs it (the console lists it as stalled)
    expect(await redis.smembers(bus.keys.projectionNames())).toEqual(['order-totals']);
    await bus.projections.close();
    expect(await redis.hlen(bus.keys.projections())).toBe(0);
  });

  it('pause stops applying and reports the lag; resume catches up', async () => {
    await bus.projections.register(orderTotals(), FAST);
    await publishOrders(0, 10);
    await caughtUp();

    expect(await bus.projections.pause('order-totals')).toBe(true);
    expect(await bus.projections.pause('order-totals')).toBe(false); // paused already
    await publishOrders(10, 25);
    await publishPayments(0, 4);
    await new Promise((r) => setTimeout(r, 300)); // many poll intervals
    const paused = await bus.projections.status('order-totals');
    expect(paused.paused).toBe(true);
    expect(paused.active.lag).toBe(19);
    expect(paused.active.topics.map((t) => [t.topic, t.lag])).toEqual([
      ['orders', 15],
      ['payments', 4],
    ]);
    expect(await (await bus.projections.read('order-totals')).hgetall('counts')).toEqual({ orders: '10' });

    expect(await bus.projections.resume('order-totals')).toBe(true);
    expect(await bus.projections.resume('order-totals')).toBe(false);
    await caughtUp();
    expect(await (await bus.projections.read('order-totals')).hgetall('counts')).toEqual({
      orders: '25',
      payments: '4',
    });
  });

  it('applies an event id once, in one batch or across batches (a replay, a retried publish)', async () => {
    await bus.projections.register(orderTotals(), FAST);
    const id = '0190f0aa-0000-7000-8000-000000000001';
    await bus.publish('orders', { id, type: 'order.placed', data: order(1) });
    await bus.publish('orders', { id, type: 'order.placed', data: order(1) }); // likely the same batch
    await caughtUp();
    await bus.publish('orders', { id, type: 'order.placed', data: order(1) }); // a later batch
    await bus.publish('orders', { type: 'order.placed', data: order(2) });
    await caughtUp();

    const view = await bus.projections.read('order-totals');
    expect(await view.hget('counts', 'orders')).toBe('2');
    const status = await bus.projections.status('order-totals');
    expect(status.active.applied).toBe(2);
    expect(status.active.duplicates).toBe(2);
  });

  it('rebuilds into a new generation while the old one serves reads, swaps, drops the old', async () => {
    await publishOrders(0, 300);
    await publishPayments(0, 150);
    await bus.projections.register(orderTotals(), FAST);
    await caughtUp();
    const model = async (): Promise<unknown> => {
      const view = await bus.projections.read('order-totals');
      return {
        counts: await view.hgetall('counts'),
        byCustomer: await view.hgetall('orders-by-customer'),
        revenue: await view.zrange('revenue', 0, -1),
        paid: (await view.smembers('paid')).sort(),
        o7: await view.hgetall('order:o-7'),
      };
    };
    const before = await model();
    expect(before).toMatchObject({ counts: { orders: '300', payments: '150' } });

    expect(await bus.projections.status('order-totals')).toMatchObject({
      rebuildStartedAt: null,
      rebuiltAt: null,
    });
    const asked = Date.now();
    const generation = await bus.projections.rebuild('order-totals');
    expect(generation).toBe(2);
    const started = (await bus.projections.status('order-totals')).rebuildStartedAt;
    expect(started).toBeGreaterThanOrEqual(asked - 1_000); // Redis' clock, this machine's
    expect(started).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await bus.projections.rebuild('order-totals')).toBe(2); // already building
    expect(await bus.projections.startRebuild('order-totals')).toEqual({ generation: 2, started: false });
    const during = await bus.projections.read('order-totals');
    expect(during.generation).toBe(1);
    expect(await during.hgetall('counts')).toEqual({ orders: '300', payments: '150' });

    await eventually(async () => (await bus.projections.read('order-totals')).generation === 2);
    await caughtUp();
    expect(await model()).toEqual(before);

    await publishOrders(300, 320); // the new generation now runs live
    await eventually(async () => {
      const counts = await (await bus.projections.read('order-totals')).hgetall('counts');
      return counts.orders === '320';
    });

    // the retired generation's keys are gone after the grace period
    await eventually(async () => {
      const [, keys] = await redis.scan(
        '0',
        'MATCH',
        bus.keys.projectionGenerationPattern('order-totals', 1),
        'COUNT',
        10_000,
      );
      return keys.length === 0;
    });
    const status = await bus.projections.status('order-totals');
    expect(status.active.generation).toBe(2);
    // the swap's time stays with the start of the rebuild it ended (the console shows both)
    expect(status.rebuildStartedAt).toBe(started);
    expect(status.rebuiltAt).toBeGreaterThanOrEqual(started!);
    expect(status.active.applied).toBe(470);
    expect(status.active.duplicates).toBe(0);
  });

  it('retries a failed batch from its checkpoint, never skipping it, and reports the error', async () => {
    let failures = 2;
    const flaky = defineProjection({
      name: 'flaky',
      topics: ['orders'],
      handlers: {
        'order.placed': (event: { data: { orderId: string } }, model: Model) => {
          if (event.data.orderId === 'o-3' && failures-- > 0) throw new Error('store hiccup');
          model.incr('count');
        },
      },
    });
    await publishOrders(0, 6);
    await bus.projections.register(flaky, FAST);
    await caughtUp('flaky');
    expect(await (await bus.projections.read('flaky')).get('count')).toBe('6');
    const status = await bus.projections.status('flaky');
    expect(status.active.errors).toBe(2);
    expect(status.active.lastError).toContain('store hiccup');
  });

  it('keeps the order of mixed writes to one field within a batch', async () => {
    const mixed = defineProjection({
      name: 'mixed',
      topics: ['orders'],
      handlers: {
        'order.placed': (event: { data: { orderId: string } }, model: Model) => {
          if (event.data.orderId === 'o-2') model.hset('h', 'f', 100);
          else if (event.data.orderId === 'o-4') model.del('h');
          else model.hincr('h', 'f', 1.5);
          model.incr('n');
        },
      },
    });
    await publishOrders(0, 7); // +1.5 +1.5 =100 +1.5 del +1.5 +1.5
    await bus.projections.register(mixed, { ...FAST, batchSize: 100 });
    await caughtUp('mixed');
    const view = await bus.projections.read('mixed');
    expect(await view.hget('h', 'f')).toBe('3');
    expect(await view.get('n')).toBe('7');
  });
});
