/**
 * Maintenance step: handled dead letters (replayed or discarded) leave the store once their last action is
 * older than the retention; pending ones stay until someone acts on them, however old. Replay previews
 * nobody turned into a job are dropped when they expire. What operators did stays in audit_log.
 */
import type { SqlSession, SqlStore } from './sql-session';

export interface DeadLetterRetentionReport {
  deadLetters: number;
  previews: number;
}

export async function enforceDeadLetterRetention(
  store: SqlStore,
  s: SqlSession,
  input: { handledDays: number; batch: number; now: number },
  signal?: AbortSignal,
): Promise<DeadLetterRetentionReport> {
  const cutoff = new Date(input.now - input.handledDays * 86_400_000).toISOString();
  let deadLetters = 0;
  for (;;) {
    if (signal?.aborted) break;
    // counted from the latest action (replayed, discarded), not the failure; the state row goes with it
    const [row] = await s.query<{ n: number }>(
      `with d as (delete from dead_letters where id in (select letter_id from dead_letter_states
         where status in ('replayed', 'discarded') and changed_at < $1::timestamptz
         limit $2::integer) returning 1) select count(*)::integer as n from d`,
      [cutoff, String(input.batch)],
    );
    const n = Number(row?.n ?? 0);
    deadLetters += n;
    await store.pause();
    if (n < input.batch) break;
  }
  const [previews] = await s.query<{ n: number }>(
    `with d as (delete from replay_previews where expires_at < $1::timestamptz returning 1)
     select count(*)::integer as n from d`,
    [new Date(input.now).toISOString()],
  );
  return { deadLetters, previews: Number(previews?.n ?? 0) };
}
