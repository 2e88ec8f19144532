/**
 * The store side of one job's letters: claim a batch (move the job's cursor past it, only while this
 * runner holds the job's lease), record what Redis did (`replayed` with the new entry, or `skipped`
 * when the dead letter was gone) together with the dead letter's status and history, settle outcomes
 * from telemetry, and recount the job's figures.
 */
import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { REPLAY_LETTER_STATES, replayJobLetters, replayJobs, type ReplayLetterState } from '@/db/schema';

export type JobRow = typeof replayJobs.$inferSelect;

export interface Claimed {
  letterId: string;
}

export interface Replayed {
  letterId: string;
  /** The new stream entry; null when the dead letter was already gone (replayed before a crash). */
  entryId: string | null;
}

/**
 * Claims the next `n` pending letters in order, only while `owner` holds a live lease on a running job,
 * by moving the job's `claimed_through` past them: one row written per batch, where marking each letter
 * `replaying` wrote every letter's row (and its four index entries) once more than its replay needs.
 * Only the lease holder claims, so the letters need no row locks; a runner that lost the lease
 * mid-batch is harmless because each replay moves its dead letter only if it is still there.
 * Null when the job is not this runner's to run any more (paused, cancelled, taken over): an empty
 * claim alone could not tell that from a job with nothing left to send.
 */
export async function claimLetters(
  db: Db,
  jobId: string,
  owner: string,
  n: number,
): Promise<Claimed[] | null> {
  const rows = await selectRows<{ held: boolean; letterId: string | null }>(
    db,
    sql`with next as materialized (
          select letter_id, seq from replay_job_letters where job_id = ${jobId} and state = 'pending'
          order by seq limit ${n}),
        held as (
          update replay_jobs j set claimed_through = greatest(j.claimed_through, (select max(seq) from next))
          where j.id = ${jobId} and j.state = 'running' and j.lease_owner = ${owner} and j.lease_until > now()
          returning 1)
        select h.held, n.letter_id as "letterId"
        from (select exists (select 1 from held) as held) h left join next n on h.held
        order by n.seq`,
  );
  if (rows[0]?.held !== true) return null;
  return rows.flatMap((r) => (r.letterId === null ? [] : [{ letterId: r.letterId }]));
}

/**
 * Gives the planner fresh statistics of the job letters before a job's first run. The batch statements
 * find their letters by primary key only when the planner knows how many letters a job has; with none
 * (the job's letters were just inserted and autovacuum had not analysed them yet) it guessed a few and
 * read all of the job's letters on every batch.
 */
export async function analyseLetters(db: Db): Promise<void> {
  await db.execute(sql`analyze replay_job_letters`);
}

/**
 * Letters a crash may have left between the store and Redis: pending ones the job's cursor covers
 * (claimed, perhaps sent, not recorded), and any an older version left `replaying`.
 */
export async function lettersInDoubt(db: Db, job: Pick<JobRow, 'id' | 'claimedThrough'>): Promise<string[]> {
  const claimed = job.claimedThrough ?? 0;
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select letter_id as id from replay_job_letters
        where job_id = ${job.id}
          and (state = 'replaying' or (state = 'pending' and seq <= ${claimed}))
        order by seq`,
  );
  return rows.map((r) => r.id);
}

/** Letter states as a list of SQL literals: constants of the schema, never input, so inlined as text. */
const stateList = (states: readonly ReplayLetterState[]) => sql.raw(states.map((s) => `'${s}'`).join(', '));

/**
 * A letter not recorded yet (`pending`, or `replaying` from an older version), written as the states it
 * is not: a batch's rows are then found by primary key. Asked as `state in ('pending', …)`, the planner
 * scanned every pending letter of the job through the order index, on every batch.
 */
const RECORDED_STATES = stateList(REPLAY_LETTER_STATES.filter((s) => s !== 'pending' && s !== 'replaying'));
const unrecorded = (alias: string) => sql`${sql.raw(alias)}.state not in (${RECORDED_STATES})`;

/** The states of a letter that went back to the bus, whatever its outcome. */
const SENT_STATES = stateList(['replayed', 'succeeded', 'failed-again']);

/** A letter not back on the bus yet: unrecorded, or set free (`skipped`) while its batch was sent. */
const notSent = (alias: string) => sql`${sql.raw(alias)}.state not in (${SENT_STATES})`;

/**
 * Records a batch: replayed letters (job row, dead letter status and history entry with the job id),
 * letters whose dead letter was gone (`skipped`, free again), and claimed letters never sent (they stay
 * `pending`; only those an older version marked `replaying` are set back), and the job's figures. One
 * statement, one round trip: the transaction it replaced took four, each waking the store beside the
 * live traffic. The figures move by the letters the statement changed, not by a recount (a recount
 * reads every letter of the job, a cost that grew with the job); the recount that starts and ends
 * every run (settleOutcomes) keeps them true.
 */
export async function recordReplayed(
  db: Db,
  job: JobRow,
  replayed: readonly Replayed[],
  gone: readonly string[],
  unsent: readonly string[] = [],
): Promise<JobRow> {
  const batch = JSON.stringify(replayed.map((r) => ({ letter_id: r.letterId, entry_id: r.entryId })));
  const ids = (list: readonly string[]) =>
    sql`array(select jsonb_array_elements_text(${JSON.stringify(list)}::jsonb))`;
  const cte = (name: string, query: SQL) => db.$with(name, {}).as(query);
  // each update finds its rows by primary key (`= any(array(...))`): joined to the batch alone, the
  // planner may scan the whole table for a small one
  const v = cte(
    'v',
    sql`select * from jsonb_to_recordset(${batch}::jsonb) as v(letter_id text, entry_id text)`,
  );
  // Redis moved these letters, so their job rows say so even when a cancel set them free meanwhile
  // (claimed, sent, then cancelled before this record); the skipped figure gives them back
  const wasSkipped = cte(
    'was_skipped',
    sql`select letter_id from replay_job_letters
        where job_id = ${job.id} and letter_id = any(array(select letter_id from v)) and state = 'skipped'`,
  );
  const marked = cte(
    'marked',
    sql`update replay_job_letters l set state = 'replayed', entry_id = v.entry_id, replayed_at = now(),
          settled_at = null,
          detail = case when v.entry_id is null
            then 'replayed before a restart (its new entry id is unknown)' end
        from v
        where l.job_id = ${job.id} and l.letter_id = any(array(select letter_id from v))
          and l.letter_id = v.letter_id and ${notSent('l')}
        returning l.letter_id`,
  );
  // the dead letter is marked from the batch itself (Redis moved it, whatever its job row says), once:
  // a dead letter is replayed at most once, a re-failure is a new one. Its state row, not its recorded
  // row: rewriting that gave every one of its indexes a new entry per letter
  const noted = cte(
    'noted',
    sql`insert into dead_letter_states as st (letter_id, status, history, changed_at)
        select v.letter_id, 'replayed', jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
            'at', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'action', 'replayed', 'actor', ${job.createdByName}::text, 'jobId', ${job.id}::text,
            'detail', 'new entry ' || v.entry_id))), now()
        -- a letter whose row is gone gets no state: the pending count takes every state row from the letters'
        from v where exists (select 1 from dead_letters d where d.id = v.letter_id)
        on conflict (letter_id) do update
          set status = 'replayed', history = st.history || excluded.history, changed_at = excluded.changed_at
          where st.status <> 'replayed'`,
  );
  const skipped = cte(
    'skipped',
    sql`update replay_job_letters l set state = 'skipped', settled_at = now(),
          detail = 'gone before the job reached it (replayed or discarded elsewhere)'
        where l.job_id = ${job.id} and l.letter_id = any(${ids(gone)}) and ${unrecorded('l')}
        returning 1`,
  );
  // a job that ended meanwhile (cancelled while a batch was retried) sets them free instead
  const freed = cte(
    'freed',
    sql`update replay_job_letters l set state = case when j.state in ('failed', 'cancelled', 'completed')
          then 'skipped' else 'pending' end
        from replay_jobs j
        where j.id = l.job_id and l.job_id = ${job.id} and l.state = 'replaying'
          and l.letter_id = any(${ids(unsent)})
        returning l.state`,
  );
  return addToFigures(db.with(v, wasSkipped, marked, noted, skipped, freed), job.id, {
    replayed: sql`(select count(*) from marked)`,
    skipped: sql`(select count(*) from skipped) + (select count(*) from freed where state = 'skipped')
      - (select count(*) from marked join was_skipped using (letter_id))`,
  });
}

/** How much each figure moves: a count, or a count the same statement finds (its CTEs' rows). */
type Figures = Partial<Record<'replayed' | 'succeeded' | 'failedAgain' | 'skipped', number | SQL>>;

/**
 * Moves the job's figures by what a statement changed (a batch's record, a settle look's outcomes);
 * the row after. `db` may carry the changing statement's CTEs (`db.with(...)`), so both are one.
 */
export async function addToFigures(db: Pick<Db, 'update'>, jobId: string, by: Figures): Promise<JobRow> {
  const add = (column: SQLWrapper, n: number | SQL = 0) => sql`${column} + ${n}`;
  const [row] = await db
    .update(replayJobs)
    .set({
      replayed: add(replayJobs.replayed, by.replayed),
      succeeded: add(replayJobs.succeeded, by.succeeded),
      failedAgain: add(replayJobs.failedAgain, by.failedAgain),
      skipped: add(replayJobs.skipped, by.skipped),
      updatedAt: new Date(),
    })
    .where(eq(replayJobs.id, jobId))
    .returning();
  if (!row) throw new Error(`replay job ${jobId} is gone`);
  return row;
}

type Writer = Pick<Db, 'update' | 'select'>;

/** The job's figures from its letters (never drifting counters), in one scan of its letters. */
export async function recount(db: Writer, jobId: string): Promise<JobRow> {
  const state = replayJobLetters.state;
  const [counts] = await db
    .select({
      replayed: sql<number>`(count(*) filter (where ${state} in (${SENT_STATES})))::int`,
      succeeded: sql<number>`(count(*) filter (where ${state} = 'succeeded'))::int`,
      failedAgain: sql<number>`(count(*) filter (where ${state} = 'failed-again'))::int`,
      skipped: sql<number>`(count(*) filter (where ${state} = 'skipped'))::int`,
    })
    .from(replayJobLetters)
    .where(eq(replayJobLetters.jobId, jobId));
  const [row] = await db
    .update(replayJobs)
    .set({
      replayed: Number(counts?.replayed ?? 0),
      succeeded: Number(counts?.succeeded ?? 0),
      failedAgain: Number(counts?.failedAgain ?? 0),
      skipped: Number(counts?.skipped ?? 0),
      updatedAt: new Date(),
    })
    .where(eq(replayJobs.id, jobId))
    .returning();
  if (!row) throw new Error(`replay job ${jobId} is gone`);
  return row;
}

/**
 * Whether any letter is not acted on yet (pending or replaying), and whether any replayed one's outcome
 * is still unknown: two probes of replay_job_letters_order_idx. Counting them read every letter of the
 * job, twice a second for as long as a job waits for its last outcomes.
 */
export async function openLetters(db: Db, jobId: string): Promise<{ todo: boolean; unsettled: boolean }> {
  const [row] = await selectRows<{ todo: boolean; unsettled: boolean }>(
    db,
    sql`select
          exists (select 1 from replay_job_letters where job_id = ${jobId} and state in ('pending', 'replaying')) as todo,
          exists (select 1 from replay_job_letters where job_id = ${jobId} and state = 'replayed') as unsettled`,
  );
  return { todo: row?.todo === true, unsettled: row?.unsettled === true };
}

/**
 * Whether the job is still running under `owner`: a read by primary key, so a batch can ask it every few
 * hundred milliseconds and stop sending soon after a pause or cancel. An expired lease nobody took over
 * still counts (the next claim renews or drops it); a taken-over job has another owner.
 */
export async function holdsJob(db: Db, jobId: string, owner: string): Promise<boolean> {
  const [row] = await selectRows<{ held: boolean }>(
    db,
    sql`select exists (select 1 from replay_jobs
          where id = ${jobId} and state = 'running' and lease_owner = ${owner}) as held`,
  );
  return row?.held === true;
}

/** Extends this runner's lease of a running job and stores its pace; null when it is not this runner's any more. */
export async function renewLease(
  db: Db,
  jobId: string,
  owner: string,
  leaseMs: number,
  rate: number,
): Promise<JobRow | null> {
  const [row] = await db
    .update(replayJobs)
    .set({ leaseUntil: new Date(Date.now() + leaseMs), rateCurrent: rate })
    .where(and(eq(replayJobs.id, jobId), eq(replayJobs.leaseOwner, owner), eq(replayJobs.state, 'running')))
    .returning();
  return row ?? null;
}

/**
 * Moves a running job out of `running` (paused, completed or failed), only while `owner` holds it, and
 * gives up the lease; a pause keeps the job open, the other states end it. `reason` is left as stored
 * when not given. Null when the job is not this runner's to move any more.
 */
export async function leaveRunning(
  db: Writer,
  jobId: string,
  owner: string,
  state: 'paused' | 'completed' | 'failed',
  reason?: string,
): Promise<JobRow | null> {
  const [row] = await db
    .update(replayJobs)
    .set({
      state,
      ...(reason === undefined ? {} : { reason }),
      leaseOwner: null,
      leaseUntil: null,
      rateCurrent: null,
      ...(state === 'paused' ? {} : { finishedAt: new Date() }),
      updatedAt: new Date(),
    })
    .where(and(eq(replayJobs.id, jobId), eq(replayJobs.leaseOwner, owner), eq(replayJobs.state, 'running')))
    .returning();
  return row ?? null;
}
