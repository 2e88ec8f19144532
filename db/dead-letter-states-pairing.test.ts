import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './client';
import { deadLetters } from './schema';
import { selectRows } from './select-rows';
import { createTestStore, STORE_FLAVOURS } from './testing/test-database';
import { setLetterState } from '@/server/testing/letter-states';
import { deadLetterRow } from '@/server/testing/store-rows';

const letter = (n: number) => deadLetterRow({ id: `orders/${n}-0`, topic: 'orders', group: 'billing' });
const stateIds = async (db: Db) =>
  (await selectRows<{ id: string }>(db, sql`select letter_id as id from dead_letter_states order by 1`)).map(
    (r) => r.id,
  );

/** A letter's state row without a foreign key (migration 0015): no lock on the letter, still deleted with it. */
describe.each(STORE_FLAVOURS)('dead letter states on %s', (flavour) => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const store = await createTestStore(flavour, 'dl_pairing');
    db = store.store.db;
    cleanup = store.cleanup;
  });
  afterAll(() => cleanup());

  it("writing a state leaves the letter's row untouched (no row lock, so no write to its page)", async () => {
    await db.insert(deadLetters).values(letter(1));
    await setLetterState(db, 'orders/1-0', 'replayed');
    // a foreign key's check would have locked the row: its xmax would name the writing transaction
    const [row] = await selectRows<{ xmax: string }>(
      db,
      sql`select xmax::text as xmax from dead_letters where id = 'orders/1-0'`,
    );
    expect(row?.xmax).toBe('0');
  });

  it('deleting letters takes their states along, and only theirs', async () => {
    await db.execute(sql`truncate dead_letters`);
    await db.insert(deadLetters).values([2, 3, 4].map(letter));
    for (const n of [2, 3, 4]) await setLetterState(db, `orders/${n}-0`, 'discarded');
    await db.execute(sql`delete from dead_letters where id in ('orders/2-0', 'orders/3-0')`);
    expect(await stateIds(db)).toEqual(['orders/4-0']);
  });

  it('truncating the letters truncates their states', async () => {
    await db.insert(deadLetters).values(letter(5));
    await setLetterState(db, 'orders/5-0', 'replayed');
    await db.execute(sql`truncate dead_letters`);
    expect(await stateIds(db)).toEqual([]);
  });
});
