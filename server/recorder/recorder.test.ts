import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { createBus, type Bus } from '@/server/bus';
import { count, deleteForeign, pendingCount, sql, startTestRecorder } from '@/server/testing/recorder';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import type { Recorder } from './recorder';

describe('recorder on Postgres', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  let prefix: string;
  let bus: Bus;
  const recorders: Recorder[] = [];

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore('postgres', 'recorder'));
    redis = await testRedis();
  });
  afterAll(async () => {
    redis.disconnect();
    await cleanup();
  });
  beforeEach(async () => {
    prefix = uniquePrefix('rec');
    bus = createBus({ redis, service: 'shop', prefix, telemetry: { flushMs: 20 } });
    await sql(
      store,
      'truncate events, deliveries, delivery_consumers, dead_letters, dead_letter_states, metric_rollups, topology_edges, service_nodes',
    );
  });
  afterEach(async () => {
    await Promise.all(recorders.splice(0).map((r) => r.stop()));
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    await deleteForeign(redis, prefix);
  });

  const start = (options = {}) => {
    const recorder = startTestRecorder(redis, store, prefix, options);
    recorders.push(recorder);
    return recorder;
  };
  const events = () => count(store, 'select count(*) as n from events');
  const topicSum = (resolution: string) =>
    count(
      store,
      `select coalesce(sum(count), 0) as n from metric_rollups where scope = 'topic' and resolution = $1`,
      [resolution],
    );
  const topics = ['orders', 'payments', 'shipping', 'billing', 'audit'];
  const streams = () => topics.map((t) => bus.keys.stream(t));

  it('records 20,000 events across 5 topics exactly once, rollups included, and again after a redelivery', async () => {
    const ids = new Set<string>();
    for (const topic of topics) {
      for (let i = 0; i < 4_000; i += 1_000) {
        const published = await bus.publishBatch(
          topic,
          Array.from({ length: 1_000 }, (_, j) => ({ type: `${topic}.created`, data: { n: i + j } })),
        );
        for (const p of published) ids.add(p.id);
      }
    }
    const recorder = start();
    await recorder.ready;
    await eventually(async () => (await events()) === 20_000, 30_000, 100);

    const rows = await sql<{ event_id: string }>(store, 'select event_id from events');
    expect(new Set(rows.map((r) => r.event_id))).toEqual(ids);
    const perTopic = await sql<{ topic: string; n: number }>(
      store,
      `select key as topic, sum(count)::int as n from metric_rollups where scope = 'topic' and resolution = '1m' group by key order by key`,
    );
    expect(perTopic).toEqual([...topics].sort().map((topic) => ({ topic, n: 4_000 })));
    expect(await topicSum('10s')).toBe(20_000);
    const edges = await sql<{ from_node: string; to_node: string; events: number }>(
      store,
      `select from_node, to_node, events::int from topology_edges where kind = 'publishes' order by to_node`,
    );
    expect(edges).toEqual([...topics].sort().map((t) => ({ from_node: 'shop', to_node: t, events: 4_000 })));
    const [service] = await sql<{ events_published: number; source: string }>(
      store,
      'select events_published::int, source from service_nodes',
    );
    expect(service).toEqual({ events_published: 20_000, source: '/services/shop' });
    await eventually(async () => (await pendingCount(redis, streams())) === 0, 5_000);

    // the same entries delivered again (the group rewound to the start): nothing is stored or counted twice
    for (const stream of streams()) await redis.xgroup('SETID', stream, 'eventlens-recorder', '0');
    await eventually(() => recorder.status().totals.duplicates >= 20_000, 30_000, 100);
    expect(await events()).toBe(20_000);
    expect(await topicSum('10s')).toBe(20_000);
    expect(await topicSum('1m')).toBe(20_000);
    const status = recorder.status();
    expect(status.totals.events).toBe(20_000);
    expect(status.errors.total).toBe(0);
    expect(status.state).toBe('running');
  });

  it('records foreign streams found while running with their raw fields, undecodable entries with their reason', async () => {
    const recorder = start();
    await recorder.ready;
    const legacy = `${prefix}-orders-legacy`;
    const entryId = (await redis.xadd(
      legacy,
      '*',
      'type',
      'order.created',
      'correlation_id',
      'c-1',
      'amount',
      '12',
    ))!;
    const bad = (await redis.xadd(bus.keys.stream('orders'), '*', 'event', '{not json'))!;
    // payload text Postgres would refuse as is: NUL and a lone surrogate
    const odd = await bus.publish('orders', {
      type: 'odd.payload',
      data: { text: 'a\u0000b', half: '\ud800' },
    });
    await eventually(async () => (await events()) === 3, 10_000, 50);

    const [foreign] = await sql(store, 'select * from events where "foreign"');
    expect(foreign).toMatchObject({
      source: legacy,
      event_id: `${legacy}/${entryId}`,
      topic: legacy,
      stream: legacy,
      type: 'order.created',
      correlation_id: 'c-1',
      raw_fields: { type: 'order.created', correlation_id: 'c-1', amount: '12' },
      decode_error: null,
    });
    expect(new Date(foreign!.time as string).getTime()).toBe(Number(entryId.split('-')[0]));

    const [undecodable] = await sql(store, 'select * from events where decode_error is not null');
    expect(undecodable).toMatchObject({
      event_id: `${bus.keys.stream('orders')}/${bad}`,
      topic: 'orders',
      foreign: false,
      raw_fields: { event: '{not json' },
    });
    expect(undecodable!.decode_error).toMatch(/"event" is not JSON/);

    const [stored] = await sql<{ data: unknown }>(store, 'select data from events where event_id = $1', [
      odd.id,
    ]);
    expect(stored!.data).toEqual({ text: 'a\uFFFDb', half: '\uFFFD' });
    expect(recorder.status().totals.rejected).toBe(0);
  });

  it('records delivery telemetry (deliveries, group rollups, delivers edges) and dead letters', async () => {
    const recorder = start();
    const handled: string[] = [];
    const sub = bus.subscribe<{ n: number; fail?: boolean }>(
      'billing',
      'payments',
      (event) => {
        if (event.data.fail) throw new Error(`card declined ${event.data.n}`);
        handled.push(event.id);
      },
      { from: 'start', blockMs: 50, retry: { maxAttempts: 2, baseMs: 10, jitter: 0 } },
    );
    await sub.ready;
    await bus.publishBatch(
      'payments',
      Array.from({ length: 20 }, (_, n) => ({ type: 'payment.requested', data: { n, fail: n % 10 === 3 } })),
    );
    await recorder.ready;
    const groupRollup = () =>
      sql<{ count: number; failed: number; retried: number; dead_lettered: number; buckets: number[] }>(
        store,
        `select sum(count)::int as count, sum(failed)::int as failed, sum(retried)::int as retried,
           sum(dead_lettered)::int as dead_lettered
         from metric_rollups where scope = 'group' and resolution = '1m' and key = 'payments/billing'`,
      );
    await eventually(
      async () => {
        const [row] = await groupRollup();
        // the outcomes of one delivery arrive in separate telemetry batches: wait for all of them
        return row?.count === 18 && row.failed === 2 && row.retried === 2 && row.dead_lettered === 2;
      },
      15_000,
      100,
    );

    const [rollup] = await groupRollup();
    expect(rollup).toMatchObject({ count: 18, failed: 2, retried: 2, dead_lettered: 2 });
    const outcomes = await sql<{ outcome: string; n: number }>(
      store,
      `select outcome, count(*)::int as n from deliveries join delivery_consumers k on k.id = consumer_id ` +
        `where k.group_name = 'billing' group by outcome order by outcome`,
    );
    expect(outcomes).toEqual([
      { outcome: 'dead-lettered', n: 2 },
      { outcome: 'failed', n: 2 },
      { outcome: 'handled', n: 18 },
      { outcome: 'retried', n: 2 },
    ]);
    const [delivers] = await sql<{ events: number; failures: number; latency_buckets: number[] }>(
      store,
      `select events::int, failures::int, latency_buckets from topology_edges where kind = 'delivers' and from_node = 'payments' and to_node = 'billing'`,
    );
    expect(delivers).toMatchObject({ events: 18, failures: 4 });
    expect(delivers!.latency_buckets.reduce((a, b) => a + b, 0)).toBe(22);

    await eventually(
      async () => (await count(store, 'select count(*) as n from dead_letters')) === 2,
      10_000,
      50,
    );
    const letters = await sql(store, 'select * from dead_letters order by entry_id');
    for (const letter of letters) {
      expect(letter).toMatchObject({
        topic: 'payments',
        group_name: 'billing',
        category: 'transient',
        attempts: 2,
        event_type: 'payment.requested',
        error_name: 'Error',
        history: [expect.objectContaining({ action: 'recorded', actor: 'recorder' })],
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      expect(letter.error_message).toMatch(/card declined/);
      expect(letter.pattern).toMatch(/card declined/);
      expect(letter.id).toMatch(/^payments\//);
    }
    // nobody acted on them: pending, no state
    expect(await count(store, 'select count(*) as n from dead_letter_states')).toBe(0);
  });

  it('shares the group between two recorders without duplicates', async () => {
    const a = start();
    const b = start();
    await Promise.all([a.ready, b.ready]);
    for (let i = 0; i < 10; i++) {
      for (const topic of ['orders', 'payments']) {
        await bus.publishBatch(
          topic,
          Array.from({ length: 500 }, (_, j) => ({ type: 'x', data: { i, j } })),
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await eventually(async () => (await events()) === 10_000, 20_000, 100);
    await eventually(
      async () => (await pendingCount(redis, [bus.keys.stream('orders'), bus.keys.stream('payments')])) === 0,
      5_000,
    );
    expect(a.status().totals.events).toBeGreaterThan(0);
    expect(b.status().totals.events).toBeGreaterThan(0);
    expect(a.status().totals.events + b.status().totals.events).toBe(10_000);
    expect(await topicSum('1m')).toBe(10_000);
  });

  it('takes over entries a dead recorder left pending, and records them once', async () => {
    await bus.publishBatch(
      'orders',
      Array.from({ length: 1_000 }, (_, n) => ({ type: 'x', data: { n } })),
    );
    const stream = bus.keys.stream('orders');
    // a recorder that read 400 entries and died before committing them
    await redis.xgroup('CREATE', stream, 'eventlens-recorder', '0');
    await redis.xreadgroup(
      'GROUP',
      'eventlens-recorder',
      'recorder-dead',
      'COUNT',
      400,
      'STREAMS',
      stream,
      '>',
    );
    expect(await pendingCount(redis, [stream])).toBe(400);

    const recorder = start({ claimIdleMs: 300, claimEveryMs: 100 });
    await eventually(async () => (await events()) === 1_000, 15_000, 100);
    await eventually(async () => (await pendingCount(redis, [stream])) === 0, 5_000);
    expect(recorder.status().totals.claimed).toBe(400);
    expect(await topicSum('1m')).toBe(1_000);
  });

  it('survives streams deleted or replaced by other key types while it runs', async () => {
    const recorder = start();
    await recorder.ready;
    const legacy = `${prefix}-legacy`;
    await redis.xadd(legacy, '*', 'type', 'a');
    await bus.publish('orders', { type: 'x' });
    await eventually(async () => (await events()) === 2, 10_000, 50);
    // the foreign stream becomes a plain string; the topic stream is deleted and written again
    await redis.del(legacy);
    await redis.set(legacy, 'not a stream');
    await redis.del(bus.keys.stream('orders'));
    await bus.publish('orders', { type: 'y' });
    await bus.publish('payments', { type: 'z' });
    await eventually(async () => (await events()) === 4, 15_000, 50);
    // a stream that is gone is forgotten, not counted as a failed read
    expect(recorder.status().errors.byKind.read ?? 0).toBe(0);
    expect(recorder.status().state).toBe('running');
  });

  it('keeps recording at once when many streams are deleted together', async () => {
    const recorder = start();
    await recorder.ready;
    for (const topic of topics) await bus.publish(topic, { type: 'before' });
    await eventually(async () => (await events()) === topics.length, 10_000, 50);
    const [survivor, ...deleted] = topics;
    await redis.del(...deleted.map((t) => bus.keys.stream(t)));
    await bus.publish(survivor!, { type: 'after' });
    await eventually(async () => (await events()) === topics.length + 1, 10_000, 50);
    // each deleted stream used to cost a failed read and a backoff, and marked the recorder degraded
    expect(recorder.status().errors.byKind.read ?? 0).toBe(0);
    expect(recorder.status().state).toBe('running');
  });

  it('reports lag per stream and stops cleanly, leaving the group when it holds nothing', async () => {
    const recorder = start();
    await recorder.ready;
    await bus.publish('orders', { type: 'x' });
    await eventually(() => recorder.status().streams.some((s) => s.topic === 'orders'), 5_000);
    await eventually(async () => (await events()) === 1, 5_000);
    await eventually(() => recorder.status().streams.find((s) => s.topic === 'orders')?.lagMs === 0, 5_000);
    const stream = recorder.status().streams.find((s) => s.topic === 'orders')!;
    expect(stream).toMatchObject({ kind: 'topic', pending: 0, undelivered: 0, lagMs: 0 });
    await recorder.stop();
    expect(recorder.status().state).toBe('stopped');
    const consumers = (await redis.xinfo(
      'CONSUMERS',
      bus.keys.stream('orders'),
      'eventlens-recorder',
    )) as unknown[];
    expect(consumers).toHaveLength(0);
  });
});
