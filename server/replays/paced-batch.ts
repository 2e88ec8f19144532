/**
 * Sends one claimed batch to Redis at the bucket's pace, a letter or two as each token comes, and then
 * records it in the store in one transaction. The batch is what the store sees (few statements); the
 * pace is what Redis and the consumers see. A batch sent in one go made live events that arrived beside
 * it wait behind a few dozen replay scripts and handler calls at once.
 */
import type { TokenBucket } from '@/server/services/replays-pace';
import { replayToTarget } from '@/server/services/replays-target';
import { recordReplayed, type JobRow, type Replayed } from './letters';
import { sleep } from './sleep';
import type { WorkerOptions } from './job-worker';

type Sender = Pick<WorkerOptions, 'db' | 'redis' | 'keys' | 'signal'>;

/**
 * Replays `ids` in order as the bucket grants tokens. Stops early when the run is aborted: what was sent
 * is recorded as replayed, the rest goes back to `pending`. A Redis error leaves the batch `replaying`
 * for the next run to resolve (it checks which dead letters are gone).
 */
export async function replayPaced(
  options: Sender,
  job: JobRow,
  ids: readonly string[],
  bucket: TokenBucket,
): Promise<JobRow> {
  const event = job.edit?.event;
  const replayed: Replayed[] = [];
  const gone: string[] = [];
  let next = 0;
  while (next < ids.length && !options.signal.aborted) {
    const wait = bucket.waitMs(Date.now(), 1);
    if (wait > 0) {
      await sleep(wait, options.signal);
      continue;
    }
    const slice = ids.slice(next, next + bucket.take(ids.length - next));
    next += slice.length;
    const results = await Promise.all(
      slice.map(async (letterId) => ({
        letterId,
        entryId: await replayToTarget(options.redis, options.keys, letterId, job.target, event),
      })),
    );
    for (const result of results)
      if (result.entryId === null) gone.push(result.letterId);
      else replayed.push(result);
  }
  return recordReplayed(options.db, job, replayed, gone, ids.slice(next));
}

/** Letters one batch claims: about a quarter of a second at the current rate, within `batchMax`. */
export function batchSize(rate: number, batchMax: number): number {
  return Math.max(1, Math.min(batchMax, Math.ceil(rate / 4)));
}
