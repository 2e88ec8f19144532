/**
 * Sends one claimed batch to Redis at the bucket's pace, a few letters in one round trip every
 * SEND_EVERY_MS, and then records it in the store in one statement. The batch is what the store sees
 * (few statements); the pace is what Redis and the consumers see. A batch sent in one go made live
 * events that arrived beside it wait behind a few dozen replay scripts and handler calls at once.
 * Letters Redis refuses (it answered with an error) are tried again with a growing wait; when that
 * cannot help, the job fails.
 */
import { BusError, isConnectionError } from '@/server/bus/errors';
import type { TokenBucket } from '@/server/services/replays-pace';
import { replayAllToTarget } from '@/server/services/replays-target';
import { assertTargetGroupExists, JobCannotContinueError } from './job-failure';
import { holdsJob, recordReplayed, renewLease, type JobRow, type Replayed } from './letters';
import { sleep } from './sleep';
import type { WorkerOptions } from './job-worker';

/** How much of the pace goes out in one round trip. */
const SEND_EVERY_MS = 20;
/** How often a batch asks the store whether the job is still this runner's to send (paused, cancelled). */
const HOLD_CHECK_MS = 250;

type Sender = Pick<
  WorkerOptions,
  'db' | 'redis' | 'keys' | 'signal' | 'owner' | 'leaseMs' | 'batchAttempts' | 'retryMs' | 'log'
>;

/** What a batch sent so far: recorded together at its end. */
interface Sent {
  replayed: Replayed[];
  gone: string[];
  ids: Set<string>;
}

/**
 * Replays `ids` in order as the bucket grants tokens. Stops early when the run is aborted, or the job was
 * paused, cancelled or lost meanwhile (asked every HOLD_CHECK_MS, so a pause is felt within a fraction of
 * the batch): what was sent is recorded as replayed, the rest stays `pending`. Redis
 * away leaves the batch in doubt for the next run to resolve (it checks which dead letters are gone);
 * a job that cannot go on records what it sent, gives the rest back, and throws for the worker to fail it.
 */
export async function replayPaced(
  options: Sender,
  job: JobRow,
  ids: readonly string[],
  bucket: TokenBucket,
): Promise<JobRow> {
  const sent: Sent = { replayed: [], gone: [], ids: new Set() };
  const record = () =>
    recordReplayed(
      options.db,
      job,
      sent.replayed,
      sent.gone,
      ids.filter((id) => !sent.ids.has(id)),
    );
  let next = 0;
  let checkedAt = Date.now();
  try {
    await assertTargetGroupExists(options, job, ids);
    while (next < ids.length && !options.signal.aborted) {
      if (Date.now() - checkedAt >= HOLD_CHECK_MS) {
        if (!(await holdsJob(options.db, job.id, options.owner))) break;
        checkedAt = Date.now();
      }
      const wait = bucket.waitMs(Date.now(), sendSize(bucket.current, ids.length - next));
      if (wait > 0) {
        await sleep(wait, options.signal);
        continue;
      }
      const slice = ids.slice(next, next + bucket.take(ids.length - next));
      next += slice.length;
      if (!(await sendRetrying(options, job, slice, sent))) break;
    }
  } catch (error) {
    if (error instanceof JobCannotContinueError) await record();
    throw error;
  }
  return record();
}

/**
 * Sends the letters; those Redis refuses are sent again after a wait that doubles, renewing the lease,
 * until `batchAttempts` tries in a row sent none. False when the run stopped (or lost the job) meanwhile.
 */
async function sendRetrying(options: Sender, job: JobRow, letters: string[], sent: Sent): Promise<boolean> {
  const event = job.edit?.event;
  let todo = letters;
  for (let attempt = 1; ; attempt++) {
    const outcomes = await replayAllToTarget(options.redis, options.keys, todo, job.target, event).catch(
      (refused: unknown) => {
        // the SDK refusing the target (an invalid topic or group name) says the same on every try
        if (
          refused instanceof BusError &&
          (refused.code === 'INVALID_TOPIC' || refused.code === 'INVALID_GROUP')
        )
          throw new JobCannotContinueError(`the replay target is refused: ${refused.message}`, {
            cause: refused,
          });
        throw refused;
      },
    );
    const failed: string[] = [];
    let error: unknown;
    outcomes.forEach((outcome, i) => {
      const letterId = todo[i]!;
      if ('error' in outcome) {
        failed.push(letterId);
        error ??= outcome.error;
        return;
      }
      sent.ids.add(letterId);
      if (outcome.entryId === null) sent.gone.push(letterId);
      else sent.replayed.push({ letterId, entryId: outcome.entryId });
    });
    if (failed.length === 0) return true;
    if (isConnectionError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (failed.length < todo.length) attempt = 1; // progress: the count is of tries in a row that sent none
    if (attempt >= options.batchAttempts)
      throw new JobCannotContinueError(
        `${failed.length === 1 ? '1 letter' : `${failed.length} letters`} failed to replay ${attempt} times in a row: ${message}`,
        { cause: error },
      );
    options.log.warn(
      { err: error, job: job.id, letters: failed.length, attempt },
      'replay batch failed; retrying it',
    );
    // each wait stays under a third of the lease, renewed after it: a long retry never loses the job
    await sleep(Math.min(options.retryMs * 2 ** (attempt - 1), options.leaseMs / 3), options.signal);
    if (options.signal.aborted) return false;
    const rate = job.rateCurrent ?? job.rateStart;
    if (!(await renewLease(options.db, job.id, options.owner, options.leaseMs, rate))) return false;
    todo = failed;
  }
}

/**
 * Letters sent together: SEND_EVERY_MS of the pace (one at a time below 1000/SEND_EVERY_MS per
 * second), in one round trip. Sending each letter as its token came woke the runner, Redis and the
 * consumers once per letter; a few letters each SEND_EVERY_MS keep the pace as even for a consumer
 * and cost a fraction of the wake-ups.
 */
export function sendSize(rate: number, left: number): number {
  return Math.max(1, Math.min(left, Math.round((rate * SEND_EVERY_MS) / 1000)));
}

/**
 * Letters one batch claims: about a second at the current rate, within `batchMax`. Live traffic beside
 * a replay feels each batch's record in the store, more by how often it comes than by its size: the
 * sends alone left the live tail as it was, and smaller batches (more records a second) raised it. A
 * pause or cancel does not wait for the batch's end (replayPaced asks the store as it sends).
 */
export function batchSize(rate: number, batchMax: number): number {
  return Math.max(1, Math.min(batchMax, Math.ceil(rate)));
}
