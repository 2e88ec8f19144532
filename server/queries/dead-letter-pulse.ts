/**
 * A cheap summary of the dead letters that changes whenever letters are recorded or change status:
 * the live layer polls it to tell browsers when to refetch (`deadLetters:changed`), which works even
 * when the recorder runs in another process.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';

export interface DeadLetterPulse {
  total: number;
  pending: number;
  replaying: number;
  replayed: number;
  discarded: number;
  /** The newest `recorded_at` (ms), 0 when there are none. */
  lastRecordedMs: number;
}

export async function deadLetterPulse(db: Db): Promise<DeadLetterPulse> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::integer`,
      pending: sql<number>`(count(*) filter (where ${deadLetters.status} = 'pending'))::integer`,
      replaying: sql<number>`(count(*) filter (where ${deadLetters.status} = 'replaying'))::integer`,
      replayed: sql<number>`(count(*) filter (where ${deadLetters.status} = 'replayed'))::integer`,
      discarded: sql<number>`(count(*) filter (where ${deadLetters.status} = 'discarded'))::integer`,
      lastRecordedMs: sql<number>`coalesce(floor(extract(epoch from max(${deadLetters.recordedAt})) * 1000), 0)::double precision`,
    })
    .from(deadLetters);
  return {
    total: Number(row?.total ?? 0),
    pending: Number(row?.pending ?? 0),
    replaying: Number(row?.replaying ?? 0),
    replayed: Number(row?.replayed ?? 0),
    discarded: Number(row?.discarded ?? 0),
    lastRecordedMs: Number(row?.lastRecordedMs ?? 0),
  };
}
