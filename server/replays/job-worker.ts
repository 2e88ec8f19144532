/**
 * Runs one job while this runner holds its lease: resolves letters a crash left claimed but unrecorded, then
 * replays pending letters in order at the pace of a token bucket on the ramp, settles outcomes, pauses
 * itself when too many replayed events fail again, and completes when every letter is settled (or the
 * settle timeout passed). Stops as soon as the lease is lost or the job is paused or cancelled. A job
 * that cannot go on (its target group gone, a batch Redis keeps refusing) ends `failed` (job-failure.ts).
 * A job taken over goes on at the pace its last runner stored, not from the ramp's start.
 */
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { replayJobs } from '@/db/schema';
import type { Keys } from '@/server/bus/keys';
import type { ReplayJob } from '@/server/contracts/replays';
import type { SystemActor } from '@/server/services/audit';
import { recordAudit } from '@/server/services/audit';
import { recordReplayOutcome } from '@/server/services/replays-control';
import { presentReplayJob } from '@/server/services/replays-read';
import { lettersInRedis } from '@/server/services/replays-target';
import { failJob, JobCannotContinueError } from './job-failure';
import {
  analyseLetters,
  claimLetters,
  leaveRunning,
  lettersInDoubt,
  openLetters,
  recordReplayed,
  renewLease,
  type JobRow,
  type Replayed,
} from './letters';
import { nextRate, TokenBucket } from '@/server/services/replays-pace';
import { batchSize, replayPaced } from './paced-batch';
import { settleOutcomes, settleSlice } from './settle';
import { sleep } from './sleep';

export interface WorkerOptions {
  db: Db;
  redis: Redis;
  keys: Keys;
  owner: string;
  leaseMs: number;
  settleTimeoutMs: number;
  settleEveryMs: number;
  progressMs: number;
  rampStepMs: number;
  /** Most letters claimed in one batch. */
  batchMax: number;
  /** Tries of one batch that fails (other than Redis being away) before the job fails. */
  batchAttempts: number;
  /** The wait before the second try of a failing batch; doubles with each try. */
  retryMs: number;
  signal: AbortSignal;
  onProgress: (job: ReplayJob) => void;
  log: { warn(details: object, message: string): void };
}

/** Auto-pause needs at least this many replays before the re-failure share means anything. */
export const AUTO_PAUSE_MIN_REPLAYS = 10;
/** How far back each look for re-failures reaches before the previous look. */
const SETTLE_MARGIN_MS = 30_000;
/** Unsettled letters one periodic look matches against the deliveries. */
const SETTLE_SLICE = 1_000;
const RUNNER: SystemActor = { kind: 'system', name: 'replay runner' };

/** Runs the job; when it cannot go on, ends it `failed` with the reason (the runner's catch handles the rest). */
export async function runJob(options: WorkerOptions, claimed: JobRow): Promise<void> {
  try {
    await run(options, claimed);
  } catch (error) {
    if (!(error instanceof JobCannotContinueError)) throw error;
    const [row] = await options.db.select().from(replayJobs).where(eq(replayJobs.id, claimed.id));
    if (row) await failJob(options, row, error.message);
  }
}

async function run(options: WorkerOptions, claimed: JobRow): Promise<void> {
  const { db, owner, signal } = options;
  let job = claimed;
  // a job taken over from a crashed runner goes on at the pace the store last had (the claim sets it)
  const bucket = new TokenBucket(job.rateCurrent ?? job.rateStart);
  let nextStepAt = Date.now() + options.rampStepMs;
  let stepBase = { replayed: job.replayed, failedAgain: job.failedAgain };
  // auto-pause judges this run only: a job resumed after an auto-pause does not trip on the old figures
  const runBase = { replayed: job.replayed, failedAgain: job.failedAgain };
  let renewedAt = Date.now();
  let settledAt = 0;
  let settleFromSeq = 0;
  let emittedAt = 0;
  let lastReplayAt = Date.now();
  const emit = (force = false): void => {
    const now = Date.now();
    if (!force && now - emittedAt < options.progressMs) return;
    emittedAt = now;
    options.onProgress(presentReplayJob(job));
  };

  if (job.claimedThrough === null) await analyseLetters(db); // a resume or takeover finds them analysed
  job = await recoverReplaying(options, job, bucket);
  emit(true);
  while (!signal.aborted) {
    const now = Date.now();
    if (now - renewedAt >= options.leaseMs / 3) {
      const renewed = await renewLease(db, job.id, owner, options.leaseMs, bucket.current);
      if (!renewed) return emitFinal(options, job.id); // paused, cancelled, or another runner took it
      job = renewed;
      renewedAt = now;
    }
    if (now - settledAt >= options.settleEveryMs) {
      // a full look first, then bounded ones (settle.ts); the last look before completing is full again
      if (settledAt === 0) job = await settleOutcomes(db, job);
      else {
        // the margin covers the recorder's transactions still open at the last look
        const since = new Date(settledAt - SETTLE_MARGIN_MS);
        const look = await settleSlice(db, job, { since, fromSeq: settleFromSeq, limit: SETTLE_SLICE });
        job = look.job;
        settleFromSeq = look.nextSeq;
      }
      settledAt = now;
      if (await autoPause(options, job, runBase)) return emitFinal(options, job.id);
      emit();
    }
    if (now >= nextStepAt) {
      // climb only while the replays of the last step did not fail again beyond the threshold
      const replayed = job.replayed - stepBase.replayed;
      const failed = job.failedAgain - stepBase.failedAgain;
      if ((replayed === 0 || failed / replayed <= job.pauseAtFailureRate) && bucket.current < job.rateMax) {
        bucket.setRate(nextRate(bucket.current, job.rateMax));
        renewedAt = 0; // the store (and the progress) learn the new pace with the next renewal, now
      }
      stepBase = { replayed: job.replayed, failedAgain: job.failedAgain };
      nextStepAt = now + options.rampStepMs;
    }
    const due = bucket.waitMs(Date.now(), 1);
    if (due > 0) {
      await sleep(Math.min(200, due), signal);
      continue;
    }
    const letters = await claimLetters(db, job.id, owner, batchSize(bucket.current, options.batchMax));
    // paused, cancelled or taken over: stop now, not at the next renewal, so that a resume is taken
    // up at the next poll (this runner skips a job it still has a worker for) and a pause stops the
    // polling of the job's letters at once
    if (letters === null) return emitFinal(options, job.id);
    if (letters.length === 0) {
      const { todo, unsettled } = await openLetters(db, job.id);
      if (!todo && (!unsettled || Date.now() - lastReplayAt >= options.settleTimeoutMs)) {
        job = await settleOutcomes(db, job);
        await complete(options, job);
        return;
      }
      await sleep(Math.min(500, options.settleEveryMs), signal);
      continue;
    }
    job = await replayPaced(
      options,
      job,
      letters.map((l) => l.letterId),
      bucket,
    );
    lastReplayAt = Date.now();
    emit();
  }
}

/**
 * A letter claimed and not recorded (the runner died or stopped between the two): if its dead letter
 * is gone from Redis, the replay happened (the script removes it in the same step); else replay it now.
 */
async function recoverReplaying(options: WorkerOptions, job: JobRow, bucket: TokenBucket): Promise<JobRow> {
  const stuck = await lettersInDoubt(options.db, job);
  if (stuck.length === 0) return job;
  const { gone, present: todo } = await lettersInRedis(options.redis, options.keys, stuck);
  const done: Replayed[] = gone.map((letterId) => ({ letterId, entryId: null }));
  const after = await recordReplayed(options.db, job, done, []);
  return todo.length > 0 ? replayPaced(options, after, todo, bucket) : after;
}

/** Pauses the job when more than its threshold of this run's replayed events failed again (after enough replays). */
async function autoPause(
  options: WorkerOptions,
  job: JobRow,
  base: { replayed: number; failedAgain: number },
): Promise<boolean> {
  const replayed = job.replayed - base.replayed;
  const failed = job.failedAgain - base.failedAgain;
  if (replayed < AUTO_PAUSE_MIN_REPLAYS) return false;
  const share = failed / replayed;
  if (share <= job.pauseAtFailureRate) return false;
  const reason = `re-failure rate ${Math.round(share * 100)} % over ${replayed} replays (pauses above ${Math.round(job.pauseAtFailureRate * 100)} %)`;
  return options.db.transaction(async (tx) => {
    const paused = await leaveRunning(tx, job.id, options.owner, 'paused', reason);
    if (!paused) return false;
    await recordAudit(tx, {
      actor: RUNNER,
      action: 'replay.pause',
      targets: [job.id],
      parameters: { replayed: job.replayed, failedAgain: job.failedAgain, automatic: true },
      result: 'ok',
      detail: reason,
      ...(job.auditId ? { follows: job.auditId } : {}),
    });
    return true;
  });
}

async function complete(options: WorkerOptions, job: JobRow): Promise<void> {
  const done = await options.db.transaction(async (tx) => {
    const row = await leaveRunning(tx, job.id, options.owner, 'completed');
    if (row) await recordReplayOutcome(tx, row, RUNNER);
    return row;
  });
  if (done) options.onProgress(presentReplayJob(done));
}

/** The job as the store has it now, to the live views (its state changed under this worker). */
async function emitFinal(options: WorkerOptions, jobId: string): Promise<void> {
  const [row] = await options.db.select().from(replayJobs).where(eq(replayJobs.id, jobId));
  if (row) options.onProgress(presentReplayJob(row));
}
