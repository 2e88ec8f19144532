/**
 * A cheap summary of the dead letters that changes whenever letters are recorded or change status:
 * the live layer polls it to tell browsers when to refetch (`deadLetters:changed`), which works even
 * when the recorder runs in another process.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { letterStatus } from '@/db/dead-letter-status';
import { selectRows } from '@/db/select-rows';

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
  const [row] = await selectRows<Record<keyof DeadLetterPulse, number>>(
    db,
    sql`select count(*)::integer as total,
          (count(*) filter (where status = 'pending'))::integer as pending,
          (count(*) filter (where status = 'replaying'))::integer as replaying,
          (count(*) filter (where status = 'replayed'))::integer as replayed,
          (count(*) filter (where status = 'discarded'))::integer as discarded,
          coalesce(floor(extract(epoch from max(recorded_at)) * 1000), 0)::double precision as "lastRecordedMs"
        from (select ${letterStatus('d')} as status, d.recorded_at from dead_letters d) letters`,
  );
  return {
    total: Number(row?.total ?? 0),
    pending: Number(row?.pending ?? 0),
    replaying: Number(row?.replaying ?? 0),
    replayed: Number(row?.replayed ?? 0),
    discarded: Number(row?.discarded ?? 0),
    lastRecordedMs: Number(row?.lastRecordedMs ?? 0),
  };
}
