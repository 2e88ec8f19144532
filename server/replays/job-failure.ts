/**
 * When a replay job cannot go on: its target group is gone, the SDK refuses its target, or the same
 * batch keeps failing after retries. The job ends `failed` with its reason; the letters it did not
 * replay are set free (`skipped`) in the job and stay `pending` in the dead letters (Redis and the
 * store), so that nothing is lost and another replay or a discard may take them.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { deadLetters, replayJobLetters } from '@/db/schema';
import { splitDeadLetterId } from '@/server/bus/dead-letters';
import { isConnectionError } from '@/server/bus/errors';
import type { Keys } from '@/server/bus/keys';
import type { ReplayJob } from '@/server/contracts/replays';
import type { SystemActor } from '@/server/services/audit';
import { recordReplayOutcome } from '@/server/services/replays-control';
import { presentReplayJob } from '@/server/services/replays-read';
import { lettersInRedis } from '@/server/services/replays-target';
import { leaveRunning, lettersInDoubt, recordReplayed, recount, type JobRow, type Replayed } from './letters';
import { settleOutcomes } from './settle';

/** What failing a job needs of the worker's options. */
export interface FailOptions {
  db: Db;
  redis: Redis;
  keys: Keys;
  owner: string;
  onProgress: (job: ReplayJob) => void;
}

/** Thrown inside a job's run when retrying cannot help: the worker fails the job with `message` as its reason. */
export class JobCannotContinueError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'JobCannotContinueError';
  }
}

/**
 * A group-targeted job replays into the group's redelivery stream, which only that group reads: with
 * the group gone from the topic, a replayed event would sit there unread. Checked before each batch,
 * for the one target group or, with `failedGroup`, for each letter's own (as the store recorded it).
 */
export async function assertTargetGroupExists(
  { db, redis, keys }: Pick<FailOptions, 'db' | 'redis' | 'keys'>,
  job: Pick<JobRow, 'target'>,
  letterIds: readonly string[],
): Promise<void> {
  const { group, failedGroup } = job.target;
  if (group === undefined && !failedGroup) return;
  const destinations = failedGroup
    ? await db
        .selectDistinct({ topic: deadLetters.topic, group: deadLetters.group })
        .from(deadLetters)
        .where(inArray(deadLetters.id, [...letterIds]))
    : [...new Set(letterIds.map((id) => splitDeadLetterId(id).topic))].map((topic) => ({
        topic,
        group: group!,
      }));
  for (const { topic, group } of destinations) {
    let names: string[];
    try {
      const groups = (await redis.xinfo('GROUPS', keys.stream(topic))) as unknown[][];
      names = groups.map((fields) => String(fields[fields.indexOf('name') + 1]));
    } catch (error) {
      // Redis away is a hiccup (the runner retries later); a missing stream has no groups at all
      if (isConnectionError(error) || !/no such key/i.test(String(error))) throw error;
      names = [];
    }
    if (!names.includes(group))
      throw new JobCannotContinueError(
        `consumer group "${group}" does not exist (any more) on topic "${topic}": the letters not replayed stay pending`,
      );
  }
}

const RUNNER: SystemActor = { kind: 'system', name: 'replay runner' };

/**
 * Ends the job `failed` (only while this runner holds it): letters claimed and not recorded are resolved first
 * (gone from Redis means replayed), the rest of the job's letters are set free with the reason in their
 * dead letter's history, and the end is audited by the runner. Then the live views hear of it.
 */
export async function failJob(options: FailOptions, job: JobRow, reason: string): Promise<void> {
  const stuck = await lettersInDoubt(options.db, job);
  const { gone } = await lettersInRedis(options.redis, options.keys, stuck);
  const done: Replayed[] = gone.map((letterId) => ({ letterId, entryId: null }));
  // outcomes known so far go into the figures the job ends with
  const after = await settleOutcomes(
    options.db,
    done.length > 0 ? await recordReplayed(options.db, job, done, []) : job,
  );
  const failed = await options.db.transaction(async (tx) => {
    const row = await leaveRunning(tx, after.id, options.owner, 'failed', reason.slice(0, 500));
    if (!row) return null; // paused, cancelled or taken over meanwhile: theirs to end
    const freed = await tx
      .update(replayJobLetters)
      .set({
        state: 'skipped',
        detail: `not replayed: the job failed (${reason})`.slice(0, 500),
        settledAt: new Date(),
      })
      .where(
        and(eq(replayJobLetters.jobId, row.id), inArray(replayJobLetters.state, ['pending', 'replaying'])),
      )
      .returning({ id: replayJobLetters.letterId });
    if (freed.length > 0)
      await tx.execute(sql`
        insert into dead_letter_states as st (letter_id, status, history)
        select d.id, 'pending', jsonb_build_array(jsonb_build_object(
            'at', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'action', 'replay-failed', 'actor', ${RUNNER.name}::text, 'jobId', ${row.id}::text,
            'detail', ${reason}::text))
        from dead_letters d
        where d.id in (select jsonb_array_elements_text(${JSON.stringify(freed.map((f) => f.id))}::jsonb))
        on conflict (letter_id) do update set history = st.history || excluded.history`);
    const final = await recount(tx, row.id);
    await recordReplayOutcome(tx, final, RUNNER);
    return final;
  });
  if (failed) options.onProgress(presentReplayJob(failed));
}
