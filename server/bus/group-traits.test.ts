import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from './bus';
import { readGroupTraits } from './group-traits';

describe('group traits published with presence', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('traits');
    bus = createBus({ redis, service: 'test', prefix, telemetry: false });
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('tells per group whether its handlers declared themselves idempotent', async () => {
    const subs = [
      bus.subscribe('billing', 'orders', () => undefined, { idempotent: true, blockMs: 50 }),
      bus.subscribe('billing', 'orders', () => undefined, { idempotent: true, blockMs: 50 }),
      bus.subscribe('shipping', 'orders', () => undefined, { blockMs: 50 }),
      bus.subscribe('mixed', 'orders', () => undefined, { idempotent: true, blockMs: 50 }),
      bus.subscribe('mixed', 'orders', () => undefined, { idempotent: false, blockMs: 50 }),
      bus.subscribe('elsewhere', 'invoices', () => undefined, { idempotent: true, blockMs: 50 }),
    ];
    await Promise.all(subs.map((s) => s.ready));
    // a group with no live consumer (only in the stream), and an older SDK's heartbeat without the flag
    await redis.xgroup('CREATE', bus.keys.stream('orders'), 'gone', '$');
    await redis.hset(
      bus.keys.consumers(),
      'legacy/c1',
      JSON.stringify({ group: 'legacy', consumer: 'c1', topics: ['orders'], lastSeen: Date.now() }),
    );
    // each subscription beats once when it starts; wait until all six are in presence
    await eventually(async () => Object.keys(await redis.hgetall(bus.keys.consumers())).length === 7 || null);

    const traits = await readGroupTraits(redis, bus.keys, 'orders');

    expect(Object.fromEntries(traits)).toEqual({
      billing: { idempotent: true, consumers: 2 },
      shipping: { idempotent: false, consumers: 1 },
      mixed: { idempotent: false, consumers: 2 },
      legacy: { idempotent: null, consumers: 1 },
      gone: { idempotent: null, consumers: 0 },
    });
  });
});
