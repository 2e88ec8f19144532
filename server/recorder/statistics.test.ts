import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { sql } from '@/server/testing/recorder';
import { runMaintenance } from './maintenance';
import { sqlStore } from './sql-session';
import { refreshStatistics } from './statistics';

describe.each(STORE_FLAVOURS)('planner statistics on %s', (flavour) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore(flavour, 'statistics'));
    // today's partition, as the recorder has it before it writes
    await runMaintenance(sqlStore(store));
  });
  afterAll(() => cleanup());

  const addEvents = (from: number, n: number) =>
    sql(
      store,
      `insert into events (source, event_id, time, topic, stream, entry_id, type, correlation_id)
       select 'test', 'e-' || g, now() - (g || ' ms')::interval, 'orders', 'el:{orders}:stream', g || '-0',
              'order.placed', 'c-' || (g % 500)
       from generate_series(${from}, ${from + n - 1}) g`,
    );
  const addDeliveries = (from: number, n: number) =>
    sql(
      store,
      `insert into deliveries (consumer_id, entry_id, event_id, outcome, attempt, at)
       select 1, g || '-0', 'e-' || g, 'handled', 1, now() from generate_series(${from}, ${from + n - 1}) g`,
    );
  const statisticsOf = async (table: string) =>
    (
      await sql<{ n: number }>(
        store,
        `select count(*)::int as n from pg_stats where schemaname = current_schema() and tablename = '${table}'`,
      )
    )[0]?.n ?? 0;

  it('leaves small tables alone', async () => {
    await addDeliveries(1, 10);
    expect(await refreshStatistics(sqlStore(store))).toEqual([]);
  });

  it('analyzes tables that hold rows and never had statistics, events as a whole', async () => {
    await addEvents(1, 5_000);
    await addDeliveries(11, 5_000);
    expect(await refreshStatistics(sqlStore(store))).toEqual(['events', 'deliveries']);
    expect(await statisticsOf('events')).toBeGreaterThan(0);
    expect(await statisticsOf('deliveries')).toBeGreaterThan(0);
  });

  it('does nothing until a table has grown by a fifth, then analyzes that one only', async () => {
    await addDeliveries(5_011, 500);
    expect(await refreshStatistics(sqlStore(store))).toEqual([]);
    await addEvents(5_001, 2_000);
    expect(await refreshStatistics(sqlStore(store))).toEqual(['events']);
    expect(await refreshStatistics(sqlStore(store))).toEqual([]);
  });
});
