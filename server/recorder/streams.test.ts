import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeys, type Keys } from '@/server/bus';
import { deletePrefix, testRedis, uniquePrefix } from '@/server/testing/redis';
import { StreamRegistry } from './streams';

describe('stream discovery against real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let foreign: string[];

  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(() => redis.disconnect());
  beforeEach(() => {
    prefix = uniquePrefix('streams');
    keys = createKeys(prefix);
    foreign = [`${prefix}-a`, `${prefix}-b`];
  });
  afterEach(async () => {
    await deletePrefix(redis, prefix);
    await redis.del(...foreign);
  });

  const registry = (): StreamRegistry =>
    new StreamRegistry(redis, keys, {
      group: 'recorder',
      glob: `${prefix}-*`,
      startFrom: 'start',
      scanEveryMs: 60_000,
    });
  const keysOf = (states: { key: string }[]): string[] => states.map((s) => s.key).sort();

  it('finds registered topics on every discovery, and foreign streams only when it scans', async () => {
    const streams = registry();
    await redis.xadd(foreign[0]!, '*', 'k', 'v');
    expect(keysOf(await streams.discover(1_000))).toEqual([foreign[0]]);

    await redis.xadd(foreign[1]!, '*', 'k', 'v');
    await redis.hset(keys.topics(), 'orders', JSON.stringify({ maxLen: 1_000 }));
    await redis.xadd(keys.stream('orders'), '*', 'event', '{}');
    // 1 s later: the registry is read, the keyspace is not scanned
    expect(keysOf(await streams.discover(2_000))).toEqual([keys.stream('orders')]);
    // a scan period later the foreign stream turns up
    expect(keysOf(await streams.discover(61_000))).toEqual([foreign[1]]);
  });

  it("leaves EventLens' own request topics (aggregate inspection) and their dead letters alone", async () => {
    const streams = registry();
    const inspect = keys.aggregateInspectTopic('account');
    await redis.hset(keys.topics(), inspect, JSON.stringify({ maxLen: 1_000 }), 'orders', '{}');
    await redis.xadd(keys.stream(inspect), '*', 'event', '{}');
    await redis.xadd(keys.deadLetters(inspect), '*', 'event', '{}');
    await redis.xadd(keys.stream('orders'), '*', 'event', '{}');
    expect(keysOf(await streams.discover(1_000))).toEqual([keys.stream('orders')]);
  });

  it('scans again at once after forgetting a stream, so a foreign stream comes back', async () => {
    const streams = registry();
    await redis.xadd(foreign[0]!, '*', 'k', 'v');
    await streams.discover(1_000);
    streams.forget(foreign[0]!);
    expect(keysOf(await streams.discover(2_000))).toEqual([foreign[0]]);
  });
});
