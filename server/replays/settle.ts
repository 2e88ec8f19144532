/**
 * Outcomes of replayed letters, from what the recorder stored: `failed-again` when a new dead letter of
 * the replayed event id was recorded after the replay, `succeeded` when the group that failed (any
 * group, for another topic) reported the event handled after it.
 *
 * A full look matches every unsettled letter; the runner takes one at the start and the end of a run.
 * In between it looks once a second, and that look must stay cheap beside live traffic whatever the
 * job's size: re-failures are matched from the dead letters recorded since the last look (an index
 * range), successes for a bounded slice of unsettled letters at a time, round the job. Letters whose
 * consumers never report (foreign consumers, telemetry off) would otherwise cost a second look each,
 * every second, until the job ends.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { addToFigures, recount, type JobRow } from './letters';

/** A periodic look: dead letters recorded after `since`; unsettled letters after `fromSeq`, `limit` of them. */
export interface SettleLook {
  since: Date;
  fromSeq: number;
  limit: number;
}

/** Every unsettled letter of the job; recounts. */
export async function settleOutcomes(db: Db, job: JobRow): Promise<JobRow> {
  await markFailedAgain(db, job, null);
  await markSucceeded(db, job, null);
  return recount(db, job.id);
}

/**
 * One bounded look; the job's figures move by the outcomes it found (a recount would read every letter
 * of the job each second). `nextSeq` is where the next look's slice starts (0 again once this one
 * reached the end of the unsettled letters).
 */
export async function settleSlice(
  db: Db,
  job: JobRow,
  look: SettleLook,
): Promise<{ job: JobRow; nextSeq: number }> {
  const failed = await markFailedAgain(db, job, look.since);
  const [slice] = await selectRows<{ last: number | null; seen: number }>(
    db,
    sql`select max(seq)::int as last, count(*)::int as seen from (
          select seq from replay_job_letters
          where job_id = ${job.id} and state = 'replayed' and seq > ${look.fromSeq}
          order by seq limit ${look.limit}) s`,
  );
  const range = slice?.last != null ? { from: look.fromSeq, to: slice.last } : null;
  const succeeded = range ? await markSucceeded(db, job, range) : 0;
  const nextSeq = range && Number(slice?.seen ?? 0) >= look.limit ? range.to : 0;
  const found = failed + succeeded > 0;
  return { job: found ? await addToFigures(db, job.id, { failedAgain: failed, succeeded }) : job, nextSeq };
}

/**
 * Marks letters whose event failed again (dead letters recorded after `since`, or all); returns how many.
 * The dead letters looked at are only those recorded since the job started (a re-failure comes after its
 * replay), picked by time first: when an operator replays a storm at once, the storm's own letters were
 * recorded within the look's margin, and matching each of the job's letters against them every second
 * cost a whole core's slice beside live traffic.
 */
async function markFailedAgain(db: Db, job: JobRow, since: Date | null): Promise<number> {
  const started = job.startedAt ?? new Date(0);
  const from = since && since > started ? since : started;
  const rows = await selectRows(
    db,
    sql`with recent as materialized (
          select id, event_id, recorded_at from dead_letters
          where recorded_at > ${from.toISOString()}::timestamptz and event_id is not null)
        update replay_job_letters l set state = 'failed-again', new_letter_id = d.id, settled_at = now()
        from recent d
        where l.job_id = ${job.id} and l.state = 'replayed' and d.event_id = l.event_id
          and d.id <> l.letter_id and d.recorded_at > l.replayed_at
        returning 1`,
  );
  return rows.length;
}

/** Marks letters (in the seq range, or all) whose event was handled after the replay; returns how many. */
async function markSucceeded(
  db: Db,
  job: JobRow,
  range: { from: number; to: number } | null,
): Promise<number> {
  const anyGroup = Boolean(job.target.topic);
  const rows = await selectRows(
    db,
    sql`update replay_job_letters l set state = 'succeeded', settled_at = now()
        where l.job_id = ${job.id} and l.state = 'replayed' and l.event_id is not null
          ${range ? sql`and l.seq > ${range.from} and l.seq <= ${range.to}` : sql.empty()}
          and exists (
            select 1 from deliveries dl join delivery_consumers c on c.id = dl.consumer_id
            where dl.event_id = l.event_id and dl.outcome = 'handled'
              and dl.at > l.replayed_at - interval '5 seconds'
              and (${anyGroup} or c.group_name = (select d.group_name from dead_letters d where d.id = l.letter_id)))
        returning 1`,
  );
  return rows.length;
}
