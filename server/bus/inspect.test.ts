import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBus } from '@/server/bus';
import { createRedis } from '@/server/bus/connection';
import { BusUnavailableError } from '@/server/bus/errors';
import { createKeys, type Keys } from '@/server/bus/keys';
import { TopicRegistry } from '@/server/bus/topics';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import {
  deadLetterLengths,
  describeTopics,
  inspectBus,
  inspectGroups,
  inspectStreams,
  readPresence,
  summarizePending,
} from './inspect';

describe('bus inspection against real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;

  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(() => redis.disconnect());
  beforeEach(() => {
    prefix = uniquePrefix('inspect');
    keys = createKeys(prefix);
  });
  afterEach(() => deletePrefix(redis, prefix));

  const add = async (topic: string, n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push((await redis.xadd(keys.stream(topic), '*', 'event', JSON.stringify({ n: i })))!);
    }
    return ids;
  };

  /** Gives a pending entry a chosen idle time and delivery count (XCLAIM ... IDLE ... RETRYCOUNT ... FORCE). */
  const shape = (
    topic: string,
    group: string,
    consumer: string,
    id: string,
    idleMs: number,
    deliveries: number,
  ) =>
    redis.xclaim(
      keys.stream(topic),
      group,
      consumer,
      0,
      id,
      'IDLE',
      idleMs,
      'RETRYCOUNT',
      deliveries,
      'FORCE',
      'JUSTID',
    );

  it('reads streams: length, first and last ids, retention, groups and dead letters', async () => {
    const registry = new TopicRegistry(redis, keys);
    await registry.define('orders', { maxLen: 5_000 });
    await registry.define('audit', { maxAgeMs: 3_600_000 });
    const ids = await add('orders', 4);
    await redis.xgroup('CREATE', keys.stream('orders'), 'billing', '0');
    await redis.xadd(keys.deadLetters('orders'), '*', 'raw', '{}');
    await redis.xdel(keys.stream('orders'), ids[0]!);

    const streams = await inspectStreams(redis, keys);
    expect(streams).toEqual([
      {
        topic: 'audit',
        stream: keys.stream('audit'),
        exists: false,
        length: 0,
        firstId: null,
        lastId: null,
        lastGeneratedId: null,
        entriesAdded: null,
        groups: 0,
        retention: { maxAgeMs: 3_600_000 },
        deadLetters: 0,
      },
      {
        topic: 'orders',
        stream: keys.stream('orders'),
        exists: true,
        length: 3,
        firstId: ids[1],
        lastId: ids[3],
        lastGeneratedId: ids[3],
        entriesAdded: 4,
        groups: 1,
        retention: { maxLen: 5_000 },
        deadLetters: 1,
      },
    ]);

    // asked by name: unregistered topics are reported with the SDK's default retention
    const [unregistered] = await inspectStreams(redis, keys, { topics: ['elsewhere'] });
    expect(unregistered).toMatchObject({ topic: 'elsewhere', exists: false, retention: { maxLen: 100_000 } });
    expect(await deadLetterLengths(redis, keys, ['orders', 'audit'])).toEqual(
      new Map([
        ['orders', 1],
        ['audit', 0],
      ]),
    );
  });

  it('reads groups: lag, consumers, idle-time and delivery-count distributions, stuck entries', async () => {
    await new TopicRegistry(redis, keys).define('orders', { maxLen: 1_000 });
    const ids = await add('orders', 7);
    const stream = keys.stream('orders');
    await redis.xgroup('CREATE', stream, 'billing', '0');
    await redis.xgroup('CREATE', stream, 'audit', '$');
    await redis.xreadgroup('GROUP', 'billing', 'c1', 'COUNT', 5, 'STREAMS', stream, '>');
    await shape('orders', 'billing', 'c1', ids[0]!, 7_200_000, 12);
    await shape('orders', 'billing', 'c1', ids[1]!, 90_000, 3);
    await shape('orders', 'billing', 'c2', ids[2]!, 20_000, 1);
    await shape('orders', 'billing', 'c2', ids[3]!, 5_000, 2);
    await redis.hset(
      keys.consumers(),
      'billing/c1',
      JSON.stringify({
        service: 'billing-svc',
        group: 'billing',
        consumer: 'c1',
        topics: ['orders'],
        host: 'h',
        pid: 1,
        state: 'running',
        inFlight: 2,
        lastSeen: Date.now(),
      }),
    );

    const groups = await inspectGroups(redis, keys, { stuckAfterMs: 60_000, sample: 100 });
    expect(groups.map((g) => g.name)).toEqual(['audit', 'billing']);
    const audit = groups[0]!;
    expect(audit).toMatchObject({ pending: 0, lag: 0, consumers: [] });
    expect(audit.pendingEntries).toMatchObject({ total: 0, sampled: 0, stuckCount: 0, stuck: [] });

    const billing = groups[1]!;
    expect(billing).toMatchObject({ topic: 'orders', pending: 5, lag: 2, lastDeliveredId: ids[4] });
    expect(billing.consumers).toEqual([
      expect.objectContaining({
        name: 'c1',
        pending: 3, // entries 0, 1 and the untouched fifth
        service: 'billing-svc',
        state: 'running',
        alive: true,
        inFlight: 2,
      }),
      expect.objectContaining({ name: 'c2', pending: 2, service: null, state: null, alive: null }),
    ]);
    const pending = billing.pendingEntries;
    expect(pending).toMatchObject({ total: 5, sampled: 5, oldestId: ids[0], stuckCount: 2 });
    expect(pending.stuck).toEqual([
      expect.objectContaining({ id: ids[0], consumer: 'c1', deliveries: 12 }),
      expect.objectContaining({ id: ids[1], consumer: 'c1', deliveries: 3 }),
    ]);
    const counts = (buckets: { label: string; count: number }[]) =>
      Object.fromEntries(buckets.filter((b) => b.count > 0).map((b) => [b.label, b.count]));
    // the fifth entry, read by c1 and never touched since, is fresh
    expect(counts(pending.idleHistogram)).toEqual({
      '0–1s': 1,
      '1s–10s': 1,
      '10s–30s': 1,
      '1m–5m': 1,
      '≥1h': 1,
    });
    expect(counts(pending.deliveryHistogram)).toEqual({ '1': 2, '2': 1, '3': 1, '11+': 1 });
    expect(pending.idleHistogram.map((b) => b.label)).toEqual([
      '0–1s',
      '1s–10s',
      '10s–30s',
      '30s–1m',
      '1m–5m',
      '5m–15m',
      '15m–1h',
      '≥1h',
    ]);

    // bounded: only the oldest `sample` entries are examined; filters by topic and group
    const sampled = await inspectGroups(redis, keys, {
      topics: ['orders'],
      groups: ['billing'],
      stuckAfterMs: 60_000,
      sample: 2,
    });
    expect(sampled).toHaveLength(1);
    expect(sampled[0]!.pendingEntries).toMatchObject({ total: 5, sampled: 2, stuckCount: 2 });
  });

  it("parses the SDK's own heartbeats and counts the ones that do not parse", async () => {
    const bus = createBus({ redis, service: 'inspector', prefix, telemetry: false });
    const sub = bus.subscribe('watchers', 'orders', () => undefined, { blockMs: 50 });
    try {
      await sub.ready;
      await bus.publish('orders', { type: 'order.placed', data: { n: 1 } });
      await redis.hset(keys.services(), 'broken', '{not json');
      await redis.hset(keys.consumers(), 'x/y', JSON.stringify({ group: 'x' }));
      const presence = await eventually(async () => {
        const snapshot = await readPresence(redis, keys);
        return snapshot.consumers.length === 1 && snapshot.services[0]?.publishes.length ? snapshot : null;
      });
      expect(presence.invalid).toBe(2);
      expect(presence.services).toEqual([
        expect.objectContaining({
          service: 'inspector',
          source: '/services/inspector',
          publishes: ['orders'],
        }),
      ]);
      expect(presence.consumers).toEqual([
        expect.objectContaining({
          service: 'inspector',
          group: 'watchers',
          consumer: sub.consumer,
          topics: ['orders'],
        }),
      ]);

      const state = await inspectBus(redis, keys);
      expect(state.topics).toEqual([
        expect.objectContaining({
          topic: 'orders',
          exists: true,
          length: 1,
          deadLetters: 0,
          retention: { maxLen: 100_000 },
          groups: [
            expect.objectContaining({
              name: 'watchers',
              consumerList: [expect.objectContaining({ name: sub.consumer })],
            }),
          ],
        }),
      ]);
      expect(state.presence.consumers).toHaveLength(1);
    } finally {
      await bus.close();
    }
  });

  it('describes topics for the CLI in two round trips', async () => {
    await add('orders', 2);
    await redis.xgroup('CREATE', keys.stream('orders'), 'g', '0');
    const [orders, none] = await describeTopics(redis, keys, ['orders', 'none']);
    expect(orders).toMatchObject({
      exists: true,
      length: 2,
      groups: [{ name: 'g', lag: 2, consumerList: [] }],
    });
    expect(none).toMatchObject({ exists: false, length: 0, groups: [] });
  });

  it('gives each group its oldest pending entry, and none once everything is acked', async () => {
    const ids = await add('orders', 3);
    const stream = keys.stream('orders');
    await redis.xgroup('CREATE', stream, 'g', '0');
    await redis.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 2, 'STREAMS', stream, '>');
    await redis.xack(stream, 'g', ids[0]!);
    const [pending] = await describeTopics(redis, keys, ['orders']);
    expect(pending?.groups[0]).toMatchObject({ name: 'g', pending: 1, lag: 1, oldestPendingId: ids[1] });
    await redis.xack(stream, 'g', ids[1]!);
    const [acked] = await describeTopics(redis, keys, ['orders']);
    expect(acked?.groups[0]).toMatchObject({ pending: 0, oldestPendingId: null });
  });

  it('says Redis is unavailable rather than failing obscurely', async () => {
    const dead = createRedis('redis://127.0.0.1:1', { name: 'eventlens:test' });
    dead.on('error', () => {
      // expected: nothing listens on port 1
    });
    try {
      await expect(inspectStreams(dead, keys)).rejects.toBeInstanceOf(BusUnavailableError);
      await expect(inspectBus(dead, keys)).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
    } finally {
      dead.disconnect();
    }
  });
});

describe('summarizePending', () => {
  it('counts every sampled entry once and lists the oldest stuck ones, capped', () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({
      id: `${i}-0`,
      consumer: 'c',
      idleMs: i < 25 ? 100_000 : 10,
      deliveries: i + 1,
    }));
    const summary = summarizePending(entries, 40, 60_000);
    expect(summary).toMatchObject({ total: 40, sampled: 30, oldestId: '0-0', stuckCount: 25 });
    expect(summary.stuck).toHaveLength(20);
    expect(summary.stuck[0]!.id).toBe('0-0');
    expect(summary.idleHistogram.reduce((n, b) => n + b.count, 0)).toBe(30);
    expect(summary.deliveryHistogram.map((b) => [b.label, b.count])).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 1],
      ['4–5', 2],
      ['6–10', 5],
      ['11+', 20],
    ]);
  });
});
