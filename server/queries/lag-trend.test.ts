import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { metricRollups } from '@/db/schema';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { rollupRow } from '@/server/testing/store-rows';
import { getLagTrends } from './lag-trend';

const NOW = new Date('2025-03-01T12:00:05.000Z');
const BUCKET = Date.parse('2025-03-01T12:00:00.000Z'); // the bucket still filling at NOW
const ago = (seconds: number) => new Date(BUCKET - seconds * 1000);

describe.each(STORE_FLAVOURS)('lag trends on %s', (flavour) => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const store = await createTestStore(flavour, 'lagtrend');
    db = store.store.db;
    cleanup = store.cleanup;
    await db.insert(metricRollups).values([
      rollupRow({ scope: 'group', key: 'orders/billing', bucketStart: ago(0), lag: 40 }),
      rollupRow({ scope: 'group', key: 'orders/billing', bucketStart: ago(10), lag: 55 }),
      rollupRow({ scope: 'group', key: 'orders/billing', bucketStart: ago(890), lag: 3 }),
      // a bucket without a lag sample (deliveries only) stays a gap
      rollupRow({ scope: 'group', key: 'orders/billing', bucketStart: ago(20), count: 12 }),
      // outside the window, another resolution, a topic row: none of them count
      rollupRow({ scope: 'group', key: 'orders/billing', bucketStart: ago(900), lag: 999 }),
      rollupRow({ resolution: '1m', scope: 'group', key: 'orders/billing', bucketStart: ago(60), lag: 999 }),
      rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(10), count: 5 }),
      rollupRow({ scope: 'group', key: 'orders/shipping', bucketStart: ago(30), lag: 0 }),
    ]);
  });
  afterAll(() => cleanup());

  it('places each sampled lag in its 10 s bucket over the last 15 minutes', async () => {
    const trends = await getLagTrends(db, NOW);
    expect(trends.from.toISOString()).toBe('2025-03-01T11:45:10.000Z');
    expect(trends).toMatchObject({ stepSeconds: 10, points: 90 });
    expect([...trends.byGroup.keys()].sort()).toEqual(['orders/billing', 'orders/shipping']);

    const billing = trends.byGroup.get('orders/billing')!;
    expect(billing).toHaveLength(90);
    expect(billing.slice(-3)).toEqual([null, 55, 40]);
    expect(billing[0]).toBe(3);
    expect(billing.filter((v) => v !== null)).toEqual([3, 55, 40]);
    expect(trends.byGroup.get('orders/shipping')![86]).toBe(0);
  });

  it('answers an empty map when nothing was sampled', async () => {
    const trends = await getLagTrends(db, new Date('2030-01-01T00:00:00.000Z'));
    expect(trends.byGroup.size).toBe(0);
    expect(trends.points).toBe(90);
  });
});
