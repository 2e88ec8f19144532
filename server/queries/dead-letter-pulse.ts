/**
 * A cheap summary of the dead letters that changes whenever letters are recorded or change status:
 * the live layer polls it to tell browsers when to refetch (`deadLetters:changed`), which works even
 * when the recorder runs in another process.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters, deadLetterStates } from '@/db/schema';

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
  // a letter without a state row is pending: the letters' count less those acted on, two counts (asked as
  // "no such state row" per letter, it joined every letter to the states); the Overview counts this way too
  const [[letters], [states]] = await Promise.all([
    db
      .select({
        total: sql<number>`count(*)::integer`,
        lastRecordedMs: sql<number>`coalesce(floor(extract(epoch from max(${deadLetters.recordedAt})) * 1000), 0)::double precision`,
      })
      .from(deadLetters),
    db
      .select({
        replaying: sql<number>`(count(*) filter (where ${deadLetterStates.status} = 'replaying'))::integer`,
        replayed: sql<number>`(count(*) filter (where ${deadLetterStates.status} = 'replayed'))::integer`,
        discarded: sql<number>`(count(*) filter (where ${deadLetterStates.status} = 'discarded'))::integer`,
      })
      .from(deadLetterStates),
  ]);
  const total = Number(letters?.total ?? 0);
  const replaying = Number(states?.replaying ?? 0);
  const replayed = Number(states?.replayed ?? 0);
  const discarded = Number(states?.discarded ?? 0);
  return {
    total,
    pending: total - replaying - replayed - discarded,
    replaying,
    replayed,
    discarded,
    lastRecordedMs: Number(letters?.lastRecordedMs ?? 0),
  };
}
