import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus, createKeys, type Bus } from '@/server/bus';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { readBusState, readGroupInspections } from './bus-state';
import { CONSOLE_SERVICE } from './console-identity';

describe('readBusState against real Redis', () => {
  let redis: Redis;
  let bus: Bus;
  const prefix = uniquePrefix('busstate');
  const keys = createKeys(prefix);

  beforeAll(async () => {
    redis = await testRedis();
    bus = createBus({ redis, prefix, service: 'orders-api' });
    await bus.publish('orders', { type: 'order.placed', data: { id: 1 } });
    const stream = keys.stream('orders');
    await redis.xgroup('CREATE', stream, 'billing', '0');
    await redis.xgroup('CREATE', stream, 'eventlens-recorder-0a1b2c3d', '0');
    // another deployment's recorder, with a database of its own
    await redis.xgroup('CREATE', stream, 'eventlens-recorder-99ff00aa', '0');
  });

  afterAll(async () => {
    await bus.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it("leaves EventLens' own groups out when asked, and only then", async () => {
    const all = await readBusState({ redis, keys });
    const hidden = await readBusState({ redis, keys, internalGroups: ['eventlens-recorder-0a1b2c3d'] });
    if (!all.ok || !hidden.ok) throw new Error('Redis should answer');
    const groupsOf = (state: typeof all.state) =>
      state.topics.find((t) => t.topic === 'orders')?.groups.map((g) => g.name);
    expect(groupsOf(all.state)).toEqual([
      'billing',
      'eventlens-recorder-0a1b2c3d',
      'eventlens-recorder-99ff00aa',
    ]);
    // another EventLens' recorder is not the application's either
    expect(groupsOf(hidden.state)).toEqual(['billing']);
  });

  it("never shows EventLens' own request topics (aggregate inspection) as the application's", async () => {
    const console = createBus({ redis, prefix, service: CONSOLE_SERVICE });
    try {
      await console.publish(keys.aggregateInspectTopic('account'), {
        type: 'eventlens.aggregate.history',
        data: {},
      });
      const state = await readBusState({ redis, keys });
      if (!state.ok) throw new Error('Redis should answer');
      expect(state.state.topics.map((t) => t.topic)).toEqual(['orders']);
      // the console's process asked and did nothing else: it is not one of the application's services
      expect(state.state.presence.services.map((s) => s.service)).toEqual(['orders-api']);
    } finally {
      await console.close();
    }
  });

  it("leaves the console's own process out before it asked anything", async () => {
    // a prefix of its own: the console above left its presence, with what it published, behind
    const fresh = createKeys(uniquePrefix('busstate-console'));
    const console = createBus({ redis, prefix: fresh.prefix, service: CONSOLE_SERVICE });
    try {
      // its presence beats on its own: a console that just started is not a service of the application
      await eventually(async () => ((await redis.hexists(fresh.services(), CONSOLE_SERVICE)) ? true : null));
      const state = await readBusState({ redis, keys: fresh });
      if (!state.ok) throw new Error('Redis should answer');
      expect(state.state.presence.services).toEqual([]);
    } finally {
      await console.close();
      await deletePrefix(redis, fresh.prefix);
    }
  });

  it('keeps them in the streams view of groups', async () => {
    const groups = await readGroupInspections(
      { redis, keys, internalGroups: ['eventlens-recorder-0a1b2c3d'] },
      { topics: ['orders'], stuckAfterMs: 60_000, sample: 10 },
    );
    expect(groups.map((g) => g.name).sort()).toEqual([
      'billing',
      'eventlens-recorder-0a1b2c3d',
      'eventlens-recorder-99ff00aa',
    ]);
  });
});
