import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { metricRollups } from '@/db/schema';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { MAX_BREAKDOWN_SERIES, MetricsBreakdownQuery } from '@/server/contracts/metrics-breakdown';
import { rollupRow } from '@/server/testing/store-rows';
import { getMetricsBreakdown } from './metrics-breakdown';

const NOW = new Date('2025-03-01T12:00:05.000Z');
const BUCKET = Date.parse('2025-03-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(BUCKET - seconds * 1000);

describe.each(STORE_FLAVOURS)('metrics breakdown on %s', (flavour) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  const breakdown = (query: Record<string, string>) =>
    getMetricsBreakdown(db, MetricsBreakdownQuery.parse(query), NOW);

  beforeAll(async () => {
    const store = await createTestStore(flavour, 'breakdown');
    db = store.store.db;
    cleanup = store.cleanup;
    await db.insert(metricRollups).values([
      rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(20), count: 30 }),
      rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(10), count: 10 }),
      rollupRow({ scope: 'topic', key: 'payments', bucketStart: ago(20), count: 5 }),
      // older than 15 minutes: outside the 15m range
      rollupRow({ scope: 'topic', key: 'audit', bucketStart: ago(20 * 60), count: 999 }),
      rollupRow({
        scope: 'group',
        key: 'orders/billing',
        bucketStart: ago(20),
        count: 27,
        failed: 3,
        lag: 7,
      }),
      rollupRow({ scope: 'group', key: 'orders/billing', bucketStart: ago(10), count: 12, deadLettered: 2 }),
      rollupRow({ scope: 'group', key: 'orders/shipping', bucketStart: ago(20), count: 30, lag: 40 }),
      // 1 min rollups: two inside one 10 min step of the 7 d range
      rollupRow({ resolution: '1m', scope: 'group', key: 'orders/billing', bucketStart: ago(60), lag: 12 }),
      rollupRow({ resolution: '1m', scope: 'group', key: 'orders/billing', bucketStart: ago(120), lag: 20 }),
    ]);
  });
  afterAll(() => cleanup());

  it('published: one series per topic over the steps of the range, largest first, zeros between', async () => {
    const result = await breakdown({ metric: 'published', range: '15m' });
    expect(result).toMatchObject({ scope: 'topic', resolution: '10s', stepSeconds: 10, omitted: 0 });
    expect(result.t).toHaveLength(90);
    expect(result.t[0]).toBe(result.from);
    expect(result.t.at(-1)).toBe('2025-03-01T12:00:00.000Z');
    expect(result.series.map((s) => [s.key, s.topic, s.group, s.total])).toEqual([
      ['orders', 'orders', null, 40],
      ['payments', 'payments', null, 5],
    ]);
    const orders = result.series[0]!.values;
    expect(orders).toHaveLength(90);
    expect(orders[result.t.indexOf(ago(20).toISOString())]).toBe(30);
    expect(orders[result.t.indexOf(ago(10).toISOString())]).toBe(10);
    expect(orders[0]).toBe(0);
  });

  it('group metrics split by <topic>/<group>; lag leaves unsampled steps null and totals its highest', async () => {
    const failed = await breakdown({ metric: 'failed', range: '15m' });
    expect(failed.scope).toBe('group');
    expect(failed.series.map((s) => [s.topic, s.group, s.total])).toEqual([
      ['orders', 'billing', 3],
      ['orders', 'shipping', 0],
    ]);

    const lag = await breakdown({ metric: 'lag', range: '15m' });
    expect(lag.series.map((s) => [s.key, s.total])).toEqual([
      ['orders/shipping', 40],
      ['orders/billing', 7],
    ]);
    const billing = lag.series[1]!.values;
    expect(billing[lag.t.indexOf(ago(20).toISOString())]).toBe(7);
    expect(billing[lag.t.indexOf(ago(10).toISOString())]).toBeNull();
    expect(billing[0]).toBeNull();
  });

  it('7d sums into 10 min steps and keeps the highest lag sample', async () => {
    const week = await breakdown({ metric: 'lag', range: '7d' });
    expect(week).toMatchObject({ resolution: '1m', stepSeconds: 600 });
    expect(week.t).toHaveLength(1_008);
    const billing = week.series.find((s) => s.key === 'orders/billing')!;
    expect(billing.values[week.t.indexOf('2025-03-01T11:50:00.000Z')]).toBe(20);
  });

  it(`keeps the ${MAX_BREAKDOWN_SERIES} largest keys and counts the rest`, async () => {
    await db
      .insert(metricRollups)
      .values(
        Array.from({ length: MAX_BREAKDOWN_SERIES + 3 }, (_, i) =>
          rollupRow({ scope: 'group', key: `bulk/g${i}`, bucketStart: ago(30), deadLettered: i + 1 }),
        ),
      );
    const result = await breakdown({ metric: 'deadLettered', range: '1h' });
    expect(result.series).toHaveLength(MAX_BREAKDOWN_SERIES);
    expect(result.omitted).toBe(5); // 53 bulk groups and orders/billing, orders/shipping
    expect(result.series[0]).toMatchObject({ key: `bulk/g${MAX_BREAKDOWN_SERIES + 2}`, total: 53 });
    // the names of every key, charted or not, so that a picker can offer the groups past the top 50
    expect(result.keys).toHaveLength(MAX_BREAKDOWN_SERIES + 5);
    expect(result.keys).toContain('bulk/g0');
    expect(result.series.map((series) => series.key)).not.toContain('bulk/g0');
  });
});
