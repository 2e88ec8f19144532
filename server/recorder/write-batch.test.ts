import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { sql } from '@/server/testing/recorder';
import { writeLagSamples } from './lag-samples';
import { silentLogger } from './logger';
import { projectEntry, type EventRow } from './project';
import { writeIsolating } from './row-isolation';
import { isRowError, sqlStore } from './sql-session';
import { writeBatch } from './write-batch';

const stream = { key: 'legacy', kind: 'foreign' as const, topic: 'legacy' };
const row = (n: number): EventRow => {
  const p = projectEntry(stream, `${1_767_000_000_000 + n}-0`, ['type', 'x', 'n', String(n)]);
  if (p.kind !== 'event') throw new Error('expected an event');
  return p.row;
};

describe.each(STORE_FLAVOURS)('batch writes on %s', (flavour) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore(flavour, 'writes'));
  });
  afterAll(() => cleanup());

  it('inserts new rows once and counts the rest as duplicates, rollups included', async () => {
    const rows = [row(1), row(2), row(3)];
    const first = await writeBatch(sqlStore(store), { events: rows, deliveries: [], deadLetters: [] });
    expect(first).toMatchObject({ events: 3, duplicates: 0 });
    const second = await writeBatch(sqlStore(store), {
      events: [row(3), row(4)],
      deliveries: [],
      deadLetters: [],
    });
    expect(second).toMatchObject({ events: 1, duplicates: 1 });
    const [sum] = await sql<{ n: number }>(
      store,
      `select sum(count)::int as n from metric_rollups where scope = 'topic' and resolution = '1m'`,
    );
    expect(sum?.n).toBe(4);
  });

  it('takes the fast path for fresh rows and falls back to the idempotent one on a conflict', async () => {
    const sql$ = sqlStore(store);
    const fresh = await writeBatch(
      sql$,
      { events: [row(20), row(21)], deliveries: [], deadLetters: [] },
      { fresh: true },
    );
    expect(fresh).toMatchObject({ events: 2, duplicates: 0, conflicted: false });
    const again = await writeBatch(
      sql$,
      { events: [row(21), row(22)], deliveries: [], deadLetters: [] },
      { fresh: true },
    );
    expect(again).toMatchObject({ events: 1, duplicates: 1, conflicted: true });
    const [n] = await sql<{ n: number }>(
      store,
      `select count(*)::int as n from events where event_id like 'legacy/17670000000%'`,
    );
    expect(n?.n).toBeGreaterThanOrEqual(3);
  });

  it('writes lag samples into the 10 s and 1 min rollups of their group', async () => {
    const now = Date.parse('2026-01-01T12:00:15.000Z');
    await writeLagSamples(sqlStore(store), [{ key: 'orders/billing', lag: 42 }], now);
    await writeLagSamples(sqlStore(store), [{ key: 'orders/billing', lag: 43 }], now + 1_000);
    const rows = await sql<{ resolution: string; lag: number; at: string }>(
      store,
      `select resolution, lag::int as lag, to_char(bucket_start at time zone 'UTC', 'HH24:MI:SS') as at
         from metric_rollups where scope = 'group' and key = 'orders/billing' order by resolution`,
    );
    expect(rows).toEqual([
      { resolution: '10s', lag: 43, at: '12:00:10' },
      { resolution: '1m', lag: 43, at: '12:00:00' },
    ]);
  });

  it('names the real error of a fast-path batch the store refuses (for row isolation)', async () => {
    const bad = { ...row(30), dataVersion: 2 ** 40 };
    const error = await writeBatch(
      sqlStore(store),
      { events: [row(31), bad], deliveries: [], deadLetters: [] },
      { fresh: true },
    ).catch((e: unknown) => e);
    expect(isRowError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('22003');
  });

  it('isolates rows the store refuses: stored without payload, or counted as rejected', async () => {
    const refusedVersion = { ...row(10), dataVersion: 2 ** 40 }; // out of integer range: stored without it
    const refusedTime = { ...row(11), time: 'not a time' }; // cannot be stored at all
    const sql$ = sqlStore(store);
    await expect(
      writeBatch(sql$, { events: [row(12), refusedVersion, refusedTime], deliveries: [], deadLetters: [] }),
    ).rejects.toThrow();
    const result = await writeIsolating(
      sql$,
      { events: [row(12), refusedVersion, refusedTime, row(13)], deliveries: [], deadLetters: [] },
      silentLogger,
    );
    expect(result).toMatchObject({ events: 3, quarantined: 1, rejected: 1 });
    const [stored] = await sql<{ decode_error: string; data_version: number | null }>(
      store,
      'select decode_error, data_version from events where event_id = $1',
      [refusedVersion.eventId],
    );
    expect(stored?.data_version).toBeNull();
    expect(stored?.decode_error).toMatch(/^the store refused this entry: .*out of range/);
  });
});
