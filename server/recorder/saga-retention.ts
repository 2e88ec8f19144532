/**
 * Maintenance step: saga instances that ended (completed, compensated, aborted) leave the store with
 * their steps once their last change is older than the retention. Running, compensating and stuck
 * instances stay however old: they are what an operator still has to look at. What operators did to
 * them stays in audit_log.
 */
import type { SqlSession, SqlStore } from './sql-session';

export const ENDED_SAGA_STATUSES = ['completed', 'compensated', 'aborted'] as const;

export async function enforceSagaRetention(
  store: SqlStore,
  s: SqlSession,
  input: { endedDays: number; batch: number; now: number },
  signal?: AbortSignal,
): Promise<number> {
  const cutoff = new Date(input.now - input.endedDays * 86_400_000).toISOString();
  let removed = 0;
  for (;;) {
    if (signal?.aborted) break;
    // an ended instance's updated_at is its end (or a late event's time): saga_instances_updated_idx
    // walks the old ones; the steps go in the same statement, by their primary key's first column
    const [row] = await s.query<{ n: number }>(
      `with gone as (
         delete from saga_instances where saga_id in (
           select saga_id from saga_instances
           where updated_at < $1::timestamptz and status = any($2::text[])
           order by updated_at limit $3::integer)
         returning saga_id),
       steps as (delete from saga_steps where saga_id in (select saga_id from gone) returning 1)
       select (select count(*) from gone)::integer as n, (select count(*) from steps)::integer as steps`,
      [cutoff, `{${ENDED_SAGA_STATUSES.join(',')}}`, String(input.batch)],
    );
    const n = Number(row?.n ?? 0);
    removed += n;
    await store.pause();
    if (n < input.batch) break;
  }
  return removed;
}
