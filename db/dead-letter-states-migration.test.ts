import { rmSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from './client';
import { migrateStore } from './migrate';
import { migrationsUpTo } from './testing/migrations-up-to';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

const recorded = { at: '2026-01-01T00:00:01.000Z', action: 'recorded', actor: 'recorder' };
const replayed = { at: '2026-01-02T00:00:00.000Z', action: 'replayed', actor: 'ann', jobId: 'j1' };
const failed = { at: '2026-01-03T00:00:00.000Z', action: 'replay-failed', actor: 'replay runner' };

describe('migration 0014 on a store whose dead letters operators acted on', () => {
  let database: TestDatabase;
  let store: Store;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase('dl_states');
    store = await createStore({ url: database.url, max: 2 });
    folder = migrationsUpTo('0013_store_identity');
    await migrate(drizzle(store.pg!), { migrationsFolder: folder });
    const letter = (id: string, status: string, history: object[]) =>
      store.pg!.unsafe(
        `insert into dead_letters (id, topic, group_name, consumer, entry_id, category, attempts,
           first_failure_at, last_failure_at, error_name, error_message, error_stack, raw, status, history,
           recorded_at)
         values ($1, 'orders', 'billing', 'b-1', '1-0', 'transient', 3, '2026-01-01T00:00:00Z',
           '2026-01-01T00:00:00Z', 'Error', 'down', '', '{}', $2, $3::jsonb, '2026-01-01T00:00:01Z')`,
        [id, status, JSON.stringify(history)],
      );
    await letter('orders/1-0', 'pending', [recorded]);
    await letter('orders/2-0', 'replayed', [recorded, replayed]);
    await letter('orders/3-0', 'pending', [recorded, failed]);
    await letter('orders/4-0', 'discarded', [recorded]);
    await migrateStore(store, database.url);
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await store?.close();
    await database?.drop();
  });

  it("moves each status and operators' entries to the letter's state, the recorded entry staying", async () => {
    const letters = await store.pg!.unsafe(`select id, history from dead_letters order by id`);
    expect(letters.map((r) => [r.id, r.history])).toEqual([
      ['orders/1-0', [recorded]],
      ['orders/2-0', [recorded]],
      ['orders/3-0', [recorded]],
      ['orders/4-0', [recorded]],
    ]);
    const states = await store.pg!.unsafe(
      `select letter_id, status, history, changed_at from dead_letter_states order by letter_id`,
    );
    expect(
      states.map((r) => [r.letter_id, r.status, r.history, new Date(r.changed_at).toISOString()]),
    ).toEqual([
      ['orders/2-0', 'replayed', [replayed], replayed.at],
      ['orders/3-0', 'pending', [failed], failed.at],
      // no entry says when: from when it was recorded
      ['orders/4-0', 'discarded', [], recorded.at],
    ]);
    const columns = await store.pg!.unsafe(
      `select column_name from information_schema.columns where table_name = 'dead_letters' and column_name = 'status'`,
    );
    expect(columns).toHaveLength(0);
  });
});
