import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import { createTestStore } from '@/db/testing/test-database';
import { setLetterState } from '@/server/testing/letter-states';
import { deadLetterRow } from '@/server/testing/store-rows';
import { selectDeadLetterIds } from './dead-letter-selection';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe('selectDeadLetterIds', () => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const store = await createTestStore('postgres', 'dlq_selection');
    db = store.store.db;
    cleanup = store.cleanup;
    await db.insert(deadLetters).values([
      deadLetterRow({
        id: 'orders/3-0',
        topic: 'orders',
        group: 'g',
        fingerprint: 'fa',
        lastFailureAt: at(1),
      }),
      deadLetterRow({
        id: 'orders/1-0',
        topic: 'orders',
        group: 'g',
        fingerprint: 'fa',
        lastFailureAt: at(1),
      }),
      deadLetterRow({
        id: 'orders/2-0',
        topic: 'orders',
        group: 'g',
        fingerprint: 'fa',
        lastFailureAt: at(0),
      }),
      deadLetterRow({
        id: 'orders/4-0',
        topic: 'orders',
        group: 'g',
        fingerprint: 'fa',
        lastFailureAt: at(2),
      }),
      deadLetterRow({
        id: 'pay/1-0',
        topic: 'pay',
        group: 'h',
        fingerprint: 'fb',
        category: 'transient',
        lastFailureAt: at(3),
      }),
    ]);
    await setLetterState(db, 'orders/4-0', 'replayed');
  });
  afterAll(() => cleanup());

  it('orders by last failure, then id, and keeps pending letters of a fingerprint', async () => {
    expect(await selectDeadLetterIds(db, { fingerprint: 'fa' }, 100)).toEqual([
      'orders/2-0',
      'orders/1-0',
      'orders/3-0',
    ]);
    expect(await selectDeadLetterIds(db, { fingerprint: 'fa' }, 2)).toEqual(['orders/2-0', 'orders/1-0']);
  });

  it('resolves ids whatever their status, and filters like the list', async () => {
    expect(await selectDeadLetterIds(db, { ids: ['orders/4-0', 'nope/1-0', 'pay/1-0'] }, 10)).toEqual([
      'orders/4-0',
      'pay/1-0',
    ]);
    expect(await selectDeadLetterIds(db, { filter: { category: ['transient'] } }, 10)).toEqual(['pay/1-0']);
    expect(
      await selectDeadLetterIds(db, { filter: { topic: ['orders'], status: ['replayed'] } }, 10),
    ).toEqual(['orders/4-0']);
  });
});
