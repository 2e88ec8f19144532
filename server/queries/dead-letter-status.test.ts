/**
 * A replay job marks only its own letter rows; every reader of a dead letter's status (list, filter,
 * selection, overview, pulse, topology, detail, traces' failed-after-replay) sees the letter replayed
 * through them, while stored statuses (discarded, and replayed by older versions) stand.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { deadLetters, replayJobLetters, replayJobs } from '@/db/schema';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { createKeys } from '@/server/bus/keys';
import { discardDeadLetters } from '@/server/services/dead-letters';
import { deletePrefix, testRedis, uniquePrefix } from '@/server/testing/redis';
import { deadLetterRow, replayJobRow } from '@/server/testing/store-rows';
import { getDeadLetter } from './dead-letter-detail';
import { deadLetterPulse } from './dead-letter-pulse';
import { selectDeadLetterIds } from './dead-letter-selection';
import { listDeadLetters } from './dead-letters';
import { getOverview } from './overview';
import { readTopologyInputs } from './topology/inputs';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000);

const letter = (id: string, minutes: number, extra: Partial<typeof deadLetters.$inferInsert> = {}) =>
  deadLetterRow({
    id,
    topic: 'pay',
    group: 'ledger',
    fingerprint: 'fp',
    eventId: `event-${id}`,
    lastFailureAt: at(minutes),
    recordedAt: at(minutes),
    ...extra,
  });

describe.each(STORE_FLAVOURS)("a dead letter's status on %s", (flavour) => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const store = await createTestStore(flavour, 'dlq_status');
    db = store.store.db;
    cleanup = store.cleanup;
    await db.insert(deadLetters).values([
      letter('pay/1-0', 1), // sent by the job: replayed
      letter('pay/2-0', 2), // waiting in the live job: pending
      letter('pay/3-0', 3), // set free by a cancel: pending
      letter('pay/4-0', 4, {
        status: 'replayed', // replayed by an older version: the history names the job
        history: [{ at: at(30).toISOString(), action: 'replayed', actor: 'old', jobId: 'done' }],
      }),
      letter('pay/5-0', 5, { status: 'discarded' }),
      letter('pay/6-0', 6, { status: 'replaying' }), // left mid-replay by an older version, then sent
      letter('pay/7-0', 7), // never in a job
      // the event of pay/1-0 failing again after its replay
      letter('pay/8-0', 40, { eventId: 'event-pay/1-0' }),
    ]);
    await db
      .insert(replayJobs)
      .values([
        replayJobRow({ id: 'done', createdByName: 'ana@ops.test', total: 4 }),
        replayJobRow({ id: 'live', state: 'running', total: 1 }),
      ]);
    await db.insert(replayJobLetters).values([
      { jobId: 'done', letterId: 'pay/1-0', seq: 0, state: 'succeeded', entryId: '99-0', replayedAt: at(20) },
      { jobId: 'done', letterId: 'pay/3-0', seq: 1, state: 'skipped', detail: 'cancelled' },
      { jobId: 'done', letterId: 'pay/4-0', seq: 2, state: 'succeeded', entryId: '98-0', replayedAt: at(30) },
      { jobId: 'done', letterId: 'pay/6-0', seq: 3, state: 'replayed', replayedAt: at(25) },
      { jobId: 'live', letterId: 'pay/2-0', seq: 0, state: 'pending' },
    ]);
  });
  afterAll(() => cleanup());

  const statuses = async () =>
    Object.fromEntries(
      (await listDeadLetters(db, { status: ['all'] })).items.map((item) => [item.id, item.status]),
    );

  it('reads replayed from the job letter, and keeps every stored status that is not open', async () => {
    expect(await statuses()).toEqual({
      'pay/1-0': 'replayed',
      'pay/2-0': 'pending',
      'pay/3-0': 'pending',
      'pay/4-0': 'replayed',
      'pay/5-0': 'discarded',
      'pay/6-0': 'replayed',
      'pay/7-0': 'pending',
      'pay/8-0': 'pending',
    });
  });

  it('filters, selects and counts by that status', async () => {
    const ids = async (status: string[]) =>
      (await listDeadLetters(db, { status })).items.map((item) => item.id).sort();
    expect(await ids([])).toEqual(['pay/2-0', 'pay/3-0', 'pay/7-0', 'pay/8-0']);
    expect(await ids(['replayed'])).toEqual(['pay/1-0', 'pay/4-0', 'pay/6-0']);
    expect(await ids(['replaying', 'discarded'])).toEqual(['pay/5-0']);
    expect(await selectDeadLetterIds(db, { fingerprint: 'fp' }, 100)).toEqual([
      'pay/2-0',
      'pay/3-0',
      'pay/7-0',
      'pay/8-0',
    ]);
    const overview = await getOverview(db, { ok: false, error: 'not read' }, at(60));
    expect(overview.deadLetters.pending).toBe(4);
    expect(await deadLetterPulse(db)).toMatchObject({
      total: 8,
      pending: 4,
      replaying: 0,
      replayed: 3,
      discarded: 1,
    });
    const counts = (await readTopologyInputs(db, null, at(60), undefined)).deadLetterCounts;
    expect(
      counts.filter((c) => c.group === 'ledger').sort((a, b) => a.status.localeCompare(b.status)),
    ).toEqual([
      { group: 'ledger', status: 'discarded', n: 1 },
      { group: 'ledger', status: 'pending', n: 4 },
      { group: 'ledger', status: 'replayed', n: 3 },
    ]);
  });

  it("tells a letter that failed again after its event's replay", async () => {
    const page = await listDeadLetters(db, {});
    expect(page.items.find((item) => item.id === 'pay/8-0')?.failedAfterReplay).toBe(true);
    expect(page.items.find((item) => item.id === 'pay/7-0')?.failedAfterReplay).toBe(false);
  });

  it("puts the job's replay in the letter's history, once, in time order", async () => {
    const sent = await getDeadLetter(db, 'pay/1-0');
    expect(sent.history).toEqual([
      {
        at: at(20).toISOString(),
        action: 'replayed',
        actor: 'ana@ops.test',
        jobId: 'done',
        detail: 'new entry 99-0',
      },
    ]);
    // an older version wrote the entry itself: not twice
    expect((await getDeadLetter(db, 'pay/4-0')).history).toHaveLength(1);
    // set free by a cancel: no replay in its history
    expect((await getDeadLetter(db, 'pay/3-0')).history).toEqual([]);
  });

  describe('discard', () => {
    let redis: Redis;
    const keys = createKeys(uniquePrefix('dlq-status'));
    beforeAll(async () => {
      redis = await testRedis();
    });
    afterAll(async () => {
      await deletePrefix(redis, keys.prefix);
      redis.disconnect();
    });

    it('refuses a letter a job replayed, as it refuses one stored replayed', async () => {
      const caller = { kind: 'user', userId: 'u1', name: 'op@ops.test', role: 'operator' } as const;
      const result = await discardDeadLetters(
        { db, redis, keys, caller },
        { ids: ['pay/1-0', 'pay/4-0'], reason: 'test', selection: { ids: ['pay/1-0', 'pay/4-0'] } },
      );
      expect(result).toEqual({
        discarded: 0,
        skipped: [
          { id: 'pay/1-0', reason: 'already replayed' },
          { id: 'pay/4-0', reason: 'already replayed' },
        ],
      });
      expect((await statuses())['pay/1-0']).toBe('replayed');
    });
  });
});
