import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { metricRollups } from '@/db/schema';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { MetricsQuery } from '@/server/contracts/metrics';
import { rollupRow } from '@/server/testing/store-rows';
import { getMetricsSeries } from './metrics';

const NOW = new Date('2025-03-01T12:00:05.000Z');
const BUCKET = Date.parse('2025-03-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(BUCKET - seconds * 1000);

describe.each(STORE_FLAVOURS)('metrics series on %s', (flavour) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  const series = (query: Record<string, string>) => getMetricsSeries(db, MetricsQuery.parse(query), NOW);

  beforeAll(async () => {
    const store = await createTestStore(flavour, 'metrics');
    db = store.store.db;
    cleanup = store.cleanup;
    await db.insert(metricRollups).values([
      // 10 s rollups, 20 s before the current bucket
      rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(20), count: 30 }),
      rollupRow({
        scope: 'group',
        key: 'orders/billing',
        bucketStart: ago(20),
        count: 27,
        failed: 3,
        retried: 2,
        deadLettered: 1,
        latencySumMs: 270,
        latencyMaxMs: 40,
        latencyBuckets: [0, 0, 0, 20, 5, 2],
        lag: 7,
      }),
      rollupRow({
        scope: 'group',
        key: 'orders/shipping',
        bucketStart: ago(20),
        count: 30,
        latencySumMs: 30,
        latencyMaxMs: 1,
        latencyBuckets: [30],
        lag: 1,
      }),
      // a topic whose name starts like another must not leak into it
      rollupRow({ scope: 'topic', key: 'orders2', bucketStart: ago(20), count: 1_000 }),
      rollupRow({ scope: 'group', key: 'orders2/billing', bucketStart: ago(20), count: 1_000, failed: 500 }),
      // the current (filling) bucket and one older than 15 minutes
      rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(0), count: 4 }),
      rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(20 * 60), count: 99 }),
      // 1 min rollups: two inside one 10 min step of the 7 d range, one 2 h ago
      rollupRow({ resolution: '1m', scope: 'topic', key: 'orders', bucketStart: ago(60), count: 300 }),
      rollupRow({ resolution: '1m', scope: 'topic', key: 'orders', bucketStart: ago(120), count: 200 }),
      rollupRow({ resolution: '1m', scope: 'topic', key: 'orders', bucketStart: ago(7_200), count: 50 }),
      rollupRow({
        resolution: '1m',
        scope: 'group',
        key: 'orders/billing',
        bucketStart: ago(60),
        count: 290,
        failed: 10,
        latencyBuckets: [100, 100, 90],
        latencyMaxMs: 4,
        lag: 12,
      }),
      rollupRow({
        resolution: '1m',
        scope: 'group',
        key: 'orders/billing',
        bucketStart: ago(120),
        count: 190,
        lag: 20,
      }),
    ]);
  });
  afterAll(() => cleanup());

  it('15m: 90 points of 10 s, zeros where nothing was recorded, the filling bucket last', async () => {
    const result = await series({ series: 'topic:orders', range: '15m' });
    expect(result).toMatchObject({ series: 'topic:orders', resolution: '10s', stepSeconds: 10 });
    expect(result.points).toHaveLength(90);
    expect(result.to).toBe('2025-03-01T12:00:10.000Z');
    expect(result.from).toBe('2025-03-01T11:45:10.000Z');
    expect(result.points.at(-1)).toMatchObject({ t: '2025-03-01T12:00:00.000Z', count: 4 });
    const point = result.points.find((p) => p.t === ago(20).toISOString())!;
    expect(point).toMatchObject({
      count: 30,
      handled: 57,
      failed: 3,
      retried: 2,
      deadLettered: 1,
      lag: 8,
      maxMs: 40,
    });
    expect(point.p50Ms).toBeGreaterThan(0);
    expect(point.p95Ms).toBeGreaterThanOrEqual(point.p50Ms!);
    expect(point.p99Ms).toBeLessThanOrEqual(40);
    expect(point.meanMs).toBe(5.26); // (270 + 30) ms over 57 samples
    const empty = result.points[0]!;
    expect(empty).toMatchObject({ count: 0, handled: 0, failed: 0, p50Ms: null, lag: null });
    expect(result.totals).toMatchObject({ count: 34, handled: 57, failed: 3 });
  });

  it('a group series counts what the group handled; all sums every topic and group', async () => {
    const group = await series({ series: 'group:orders/billing', range: '1h' });
    expect(group.points).toHaveLength(360);
    const point = group.points.find((p) => p.t === ago(20).toISOString())!;
    expect(point).toMatchObject({ count: 27, handled: 27, failed: 3, lag: 7 });
    // 20 samples in (5, 10] and 7 above: the median is in (5, 10]
    expect(point.p50Ms).toBeGreaterThan(5);
    expect(point.p50Ms).toBeLessThanOrEqual(10);

    const all = await series({ series: 'all', range: '15m' });
    const sum = all.points.find((p) => p.t === ago(20).toISOString())!;
    expect(sum).toMatchObject({ count: 1_030, handled: 1_057, failed: 503, lag: 8 });

    const quiet = await series({ series: 'topic:nothing-here', range: '15m' });
    expect(quiet.points.every((p) => p.count === 0 && p.p50Ms === null)).toBe(true);
  });

  it('24h reads 1 min rollups; 7d sums them into 10 min points', async () => {
    const day = await series({ series: 'topic:orders', range: '24h' });
    expect(day).toMatchObject({ resolution: '1m', stepSeconds: 60 });
    expect(day.points).toHaveLength(1_440);
    expect(day.totals.count).toBe(550);
    expect(day.points.find((p) => p.t === ago(60).toISOString())).toMatchObject({
      count: 300,
      handled: 290,
      failed: 10,
      lag: 12,
    });

    const week = await series({ series: 'topic:orders', range: '7d' });
    expect(week).toMatchObject({ resolution: '1m', stepSeconds: 600 });
    expect(week.points).toHaveLength(1_008);
    const step = week.points.find((p) => p.t === '2025-03-01T11:50:00.000Z')!;
    // both 1 min rollups fall in 11:50–12:00; lag is the step's highest sample
    expect(step).toMatchObject({ count: 500, handled: 480, failed: 10, lag: 20 });
    expect(step.p50Ms).toBeGreaterThan(0);
    expect(step.maxMs).toBe(4);
    expect(week.totals.count).toBe(550);
  });
});
