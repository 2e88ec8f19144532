import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '@/server/contracts/envelope';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from './bus';
import { decodeTelemetryEntry } from './telemetry-format';

/** How a delivery that never reaches the handler (a duplicate, a malformed envelope) is counted. */
describe('delivery outcomes short of the handler', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('bh-outcomes');
    bus = createBus({ redis, service: 'test', prefix, telemetry: { flushMs: 20 } });
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const telemetry = async (group: string): Promise<DeliveryRecord[]> =>
    (await redis.xrange(bus.keys.telemetry(), '-', '+'))
      .flatMap(([, flat]) => decodeTelemetryEntry(flat).records)
      .filter((record) => record.group === group);

  it('records a duplicate the idempotent consumer skipped as a duplicate, not a retry or a failure', async () => {
    bus.use({ consume: bus.idempotent() });
    let calls = 0;
    const sub = bus.subscribe(
      'billing',
      'orders',
      async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 300));
      },
      { blockMs: 50, retry: { baseMs: 200, jitter: 0 } },
    );
    await sub.ready;
    // a duplicate arriving while the first delivery runs, and one after it finished
    await bus.publish('orders', { id: 'order-1', type: 'order.placed' });
    await bus.publish('orders', { id: 'order-1', type: 'order.placed' });
    await eventually(() => calls === 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await bus.publish('orders', { id: 'order-1', type: 'order.placed' });

    await eventually(async () => (await redis.xpending(bus.keys.stream('orders'), 'billing'))[0] === 0);
    const records = await eventually(async () => {
      const all = await telemetry('billing');
      return all.filter((r) => r.outcome === 'duplicate').length >= 2 ? all : null;
    });
    expect(calls).toBe(1);
    expect(records.filter((r) => r.outcome === 'handled')).toHaveLength(1);
    expect(records.filter((r) => ['retried', 'failed', 'dead-lettered'].includes(r.outcome))).toEqual([]);
    expect(sub.stats).toMatchObject({ handled: 1, retried: 0, failed: 0, 'dead-lettered': 0 });
    expect(sub.stats.duplicate).toBeGreaterThanOrEqual(2);
  });

  it('dead-letters an envelope missing required attributes as invalid-schema, naming each of them', async () => {
    const sub = bus.subscribe('billing', 'orders', () => undefined, { blockMs: 50 });
    await sub.ready;
    const event = JSON.stringify({ specversion: '0.3', type: 'order.placed', traceparent: 'nope', data: {} });
    await redis.xadd(bus.keys.stream('orders'), '*', 'event', event);
    const [letter] = await eventually(async () => {
      const list = await bus.deadLetters.list({ topics: ['orders'] });
      return list.length === 1 ? list : null;
    });
    expect(letter).toMatchObject({
      category: 'invalid-schema',
      attempts: 1,
      errorName: 'InvalidEnvelopeError',
    });
    expect(letter!.errorMessage).toMatch(/^not a CloudEvents envelope: missing id, source; invalid /);
    expect(letter!.errorMessage).toMatch(/specversion \(/);
    expect(letter!.errorMessage).toMatch(/traceparent \(/);
    const records = await eventually(async () => {
      const all = await telemetry('billing');
      return all.some((r) => r.outcome === 'dead-lettered') ? all : null;
    });
    expect(records.find((r) => r.outcome === 'failed')).toMatchObject({ category: 'invalid-schema' });
  });
});
