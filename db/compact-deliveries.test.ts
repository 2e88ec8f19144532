import { rmSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from './client';
import { migrateStore } from './migrate';
import { migrationsUpTo } from './testing/migrations-up-to';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

describe('migration 0002 on a store with deliveries', () => {
  let database: TestDatabase;
  let store: Store;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase('compact');
    store = await createStore({ url: database.url, max: 2 });
    folder = migrationsUpTo('0001_recorder');
    await migrate(drizzle(store.pg!), { migrationsFolder: folder });
    await store.pg!.unsafe(
      `insert into deliveries (topic, entry_id, group_name, consumer, service, event_id, type, correlation_id,
         outcome, attempt, duration_ms, category, error, at) values
       ('orders', '1-0', 'billing', 'billing-1', 'billing', 'e1', 'order.placed', 'c1', 'failed', 1, 12, 'transient', 'timeout', '2026-01-01T00:00:01Z'),
       ('orders', '1-0', 'billing', 'billing-1', 'billing', 'e1', 'order.placed', 'c1', 'handled', 2, 3, null, null, '2026-01-01T00:00:02Z'),
       ('orders', '1-0', 'shipping', 'shipping-1', 'shipping', 'e1', 'order.placed', 'c1', 'handled', 1, 5, null, null, '2026-01-01T00:00:03Z'),
       ('orders', '2-0', 'billing', 'billing-1', 'billing', null, null, null, 'failed', 1, null, 'poison', 'bad', '2026-01-01T00:00:04Z')`,
    );
    await migrateStore(store, database.url);
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await store?.close();
    await database?.drop();
  });

  it('keeps every delivery, its names moved into delivery_consumers', async () => {
    const rows = await store.pg!.unsafe(
      `select k.topic, d.entry_id, k.group_name, k.consumer, k.service, d.event_id, d.outcome, d.attempt,
         d.duration_ms, d.category, d.error, d.at
       from deliveries d join delivery_consumers k on k.id = d.consumer_id order by d.at`,
    );
    expect(rows.map((r) => [r.group_name, r.consumer, r.event_id, r.outcome, r.attempt, r.error])).toEqual([
      ['billing', 'billing-1', 'e1', 'failed', 1, 'timeout'],
      ['billing', 'billing-1', 'e1', 'handled', 2, null],
      ['shipping', 'shipping-1', 'e1', 'handled', 1, null],
      ['billing', 'billing-1', null, 'failed', 1, 'bad'],
    ]);
    const [consumers] = await store.pg!`select count(*)::int as n from delivery_consumers`;
    expect(consumers?.n).toBe(2);
  });

  it('still refuses a second copy of a delivery, with or without its event id', async () => {
    const duplicate = (eventId: string | null) =>
      store.pg!.unsafe(
        `insert into deliveries (at, consumer_id, attempt, entry_id, event_id, outcome)
         select now(), id, 1, $1, $2, 'failed' from delivery_consumers where group_name = 'billing'
         on conflict do nothing returning 1`,
        [eventId === null ? '2-0' : '1-0', eventId],
      );
    expect(await duplicate('e1')).toHaveLength(0);
    expect(await duplicate(null)).toHaveLength(0);
  });
});
