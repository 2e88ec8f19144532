import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { setLetterState } from '@/server/testing/letter-states';
import { deadLetterRow } from '@/server/testing/store-rows';
import { getDeadLetter } from './dead-letter-detail';
import { groupDeadLetters } from './dead-letter-groups';
import { deadLetterPulse } from './dead-letter-pulse';
import { listDeadLetters } from './dead-letters';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const ago = (hours: number) => new Date(NOW - hours * 3_600_000);

/** The read models on both stores (the embedded one runs the same SQL). */
describe.each(STORE_FLAVOURS)('dead-letter read models on %s', (flavour) => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const store = await createTestStore(flavour, 'dlq_reads');
    db = store.store.db;
    cleanup = store.cleanup;
    await db.insert(deadLetters).values([
      deadLetterRow({
        id: 'o/1-0',
        topic: 'o',
        group: 'g',
        fingerprint: 'fa',
        eventId: 'e1',
        lastFailureAt: ago(1),
      }),
      deadLetterRow({
        id: 'o/2-0',
        topic: 'o',
        group: 'g',
        fingerprint: 'fa',
        eventId: 'e1',
        lastFailureAt: ago(0.5),
      }),
      deadLetterRow({ id: 'o/3-0', topic: 'o', group: 'g', fingerprint: 'fa', lastFailureAt: ago(23.5) }),
      deadLetterRow({
        id: 'o/4-0',
        topic: 'o',
        group: 'g',
        fingerprint: 'fb',
        category: 'timeout',
        lastFailureAt: ago(30),
      }),
    ]);
    await setLetterState(db, 'o/1-0', 'replayed');
  });
  afterAll(() => cleanup());

  it('marks a letter whose event failed again after a replay', async () => {
    const page = await listDeadLetters(db, {});
    expect(page.items.map((i) => [i.id, i.failedAfterReplay])).toEqual([
      ['o/2-0', true],
      ['o/3-0', false],
      ['o/4-0', false],
    ]);
  });

  it('does not mark a letter whose event was replayed from a letter recorded after it', async () => {
    const twin = (id: string, recordedAt: Date) =>
      deadLetterRow({
        id,
        topic: 'later',
        group: 'g',
        eventId: 'e-later',
        recordedAt,
        lastFailureAt: recordedAt,
      });
    await db.insert(deadLetters).values([twin('later/1-0', ago(2)), twin('later/2-0', ago(1))]);
    await setLetterState(db, 'later/2-0', 'replayed');
    try {
      const page = await listDeadLetters(db, { topic: ['later'], status: ['all'] });
      expect(page.items.map((i) => [i.id, i.failedAfterReplay])).toEqual([
        ['later/2-0', false],
        ['later/1-0', false],
      ]);
    } finally {
      // the other tests count this file's letters (their states go with them)
      await db.delete(deadLetters).where(eq(deadLetters.topic, 'later'));
    }
  });

  it('groups with a trend over the last 24 h by default (older letters count, outside the trend)', async () => {
    const result = await groupDeadLetters(db, {}, NOW);
    expect(result.groups.map((g) => [g.fingerprint, g.count, g.sampleId])).toEqual([
      ['fa', 2, 'o/2-0'],
      ['fb', 1, 'o/4-0'],
    ]);
    expect(result.trendBucketMs).toBe(3_600_000);
    const trend = result.groups[0]!.trend;
    expect([trend[0], trend[23], trend.reduce((a, b) => a + b, 0)]).toEqual([1, 1, 2]);
    expect(result.groups[1]!.trend.every((n) => n === 0)).toBe(true);
  });

  it('shows a foreign letter without an envelope, and sums up for the live notice', async () => {
    const letter = await getDeadLetter(db, 'o/4-0');
    expect(letter).toMatchObject({
      envelope: null,
      data: null,
      attempts: [],
      replays: [],
      eventRecorded: false,
    });
    expect(await deadLetterPulse(db)).toMatchObject({ total: 4, pending: 3, replayed: 1, discarded: 0 });
  });
});
