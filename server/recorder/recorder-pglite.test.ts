import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { createBus, type Bus } from '@/server/bus';
import { count, deleteForeign, pendingCount, sql, startTestRecorder } from '@/server/testing/recorder';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';

describe('recorder on PGlite', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  let bus: Bus;
  const prefix = uniquePrefix('lite');

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore('pglite'));
    redis = await testRedis();
    bus = createBus({ redis, service: 'shop', prefix, telemetry: false });
  });
  afterAll(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    await deleteForeign(redis, prefix);
    redis.disconnect();
    await cleanup();
  });

  it('records events of 5 topics, foreign and undecodable entries exactly once, also after a redelivery', async () => {
    const topics = ['orders', 'payments', 'shipping', 'billing', 'audit'];
    for (const topic of topics) {
      await bus.publishBatch(
        topic,
        Array.from({ length: 1_000 }, (_, n) => ({ type: `${topic}.created`, data: { n } })),
      );
    }
    await redis.xadd(
      `${prefix}-orders-legacy`,
      '*',
      'type',
      'order.created',
      'correlation_id',
      'c-1',
      'amount',
      '12',
    );
    await redis.xadd(bus.keys.stream('orders'), '*', 'event', '{not json');
    const recorder = startTestRecorder(redis, store, prefix);
    await recorder.ready;
    const events = () => count(store, 'select count(*) as n from events');
    await eventually(async () => (await events()) === 5_002, 30_000, 100);

    expect(await count(store, 'select count(distinct (source, event_id)) as n from events')).toBe(5_002);
    const [foreign] = await sql(store, 'select type, correlation_id, raw_fields from events where "foreign"');
    expect(foreign).toEqual({
      type: 'order.created',
      correlation_id: 'c-1',
      raw_fields: { type: 'order.created', correlation_id: 'c-1', amount: '12' },
    });
    expect(await count(store, 'select count(*) as n from events where decode_error is not null')).toBe(1);
    const rollupSum = () =>
      count(store, `select sum(count) as n from metric_rollups where scope = 'topic' and resolution = '10s'`);
    expect(await rollupSum()).toBe(5_002);
    const partitions = await sql<{ part: string }>(
      store,
      'select distinct tableoid::regclass::text as part from events',
    );
    expect(partitions.map((p) => p.part)).toEqual([expect.stringMatching(/^events_p\d{8}$/)]);

    const streams = topics.map((t) => bus.keys.stream(t));
    await eventually(async () => (await pendingCount(redis, streams)) === 0, 5_000);
    for (const stream of streams) await redis.xgroup('SETID', stream, 'eventlens-recorder', '0');
    await eventually(() => recorder.status().totals.duplicates >= 5_001, 30_000, 100);
    expect(await events()).toBe(5_002);
    expect(await rollupSum()).toBe(5_002);
    await recorder.stop();
    expect(recorder.status().errors.total).toBe(0);
  });
});
