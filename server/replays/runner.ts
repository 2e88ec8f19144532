/**
 * The replay job runner: polls the store for queued jobs and running jobs whose lease expired (a
 * crashed or stopped instance's), takes each one's lease in one conditional UPDATE, and runs it
 * (job-worker.ts) while renewing the lease. Any instance may run it: the lease decides who acts.
 * Started by the composition root (server/app.ts) with an `onProgress` callback, so that it stays
 * free of socket.io.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { replayJobs } from '@/db/schema';
import type { Keys } from '@/server/bus/keys';
import type { ReplayJob } from '@/server/contracts/replays';
import { runJob, type WorkerOptions } from './job-worker';
import type { JobRow } from './letters';
import { RAMP_STEP_MS } from '@/server/services/replays-pace';
import { sleep } from './sleep';

/** A job whose run failed (Redis or the store away) is taken up again after this long. */
const RETRY_AFTER_MS = 5_000;
/** The most letters one batch claims, whatever the rate. */
export const BATCH_MAX = 500;

export interface ReplayRunnerOptions {
  db: Db;
  redis: Redis;
  keys: Keys;
  /** A job's progress or state changed (throttled per job to one call per `progressMs`). */
  onProgress?: (job: ReplayJob) => void;
  log?: { warn(details: object, message: string): void };
  /** This instance's name in `lease_owner`; default host, pid and a random suffix. */
  owner?: string;
  /** How often the store is asked for claimable jobs. Default 1 s. */
  pollMs?: number;
  /** A lease not renewed for this long lets another instance take the job over. Default 15 s. */
  leaseMs?: number;
  /** After the last replay, how long to wait for outcomes before completing. Default 60 s. */
  settleTimeoutMs?: number;
  /** How often outcomes are matched from the store. Default 1 s. */
  settleEveryMs?: number;
  /** Default 500 ms (at most ~2 progress events per second per job). */
  progressMs?: number;
  /** Default RAMP_STEP_MS (3 s). */
  rampStepMs?: number;
  /** Default BATCH_MAX letters. */
  batchMax?: number;
  /** Tries of a batch that keeps failing (Redis answering with an error) before its job fails. Default 5. */
  batchAttempts?: number;
  /** The wait before a failing batch's second try, doubling with each. Default 500 ms. */
  retryMs?: number;
  /** A job whose run failed (Redis or the store away) is claimable again after this long. Default 5 s. */
  retryAfterMs?: number;
  /** Jobs one instance runs at once. Default 4. */
  concurrency?: number;
}

export interface ReplayRunner {
  readonly owner: string;
  /** Stops every job's worker and releases their leases so another instance takes over at once. */
  stop(): Promise<void>;
  /** Stops without releasing the leases, as a crash would (tests of the takeover). */
  abandon(): Promise<void>;
}

export function startReplayRunner(options: ReplayRunnerOptions): ReplayRunner {
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const abort = new AbortController();
  const log = options.log ?? { warn: () => undefined };
  const workers = new Map<string, Promise<void>>();
  const worker: WorkerOptions = {
    db: options.db,
    redis: options.redis,
    keys: options.keys,
    owner,
    leaseMs: options.leaseMs ?? 15_000,
    settleTimeoutMs: options.settleTimeoutMs ?? 60_000,
    settleEveryMs: options.settleEveryMs ?? 1_000,
    progressMs: options.progressMs ?? 500,
    rampStepMs: options.rampStepMs ?? RAMP_STEP_MS,
    batchMax: options.batchMax ?? BATCH_MAX,
    batchAttempts: options.batchAttempts ?? 5,
    retryMs: options.retryMs ?? 500,
    signal: abort.signal,
    onProgress: (job) => {
      try {
        options.onProgress?.(job);
      } catch (error) {
        log.warn({ err: error, job: job.id }, 'replay progress listener failed');
      }
    },
    log,
  };
  const pollMs = options.pollMs ?? 1_000;
  const concurrency = options.concurrency ?? 4;
  const retryAfterMs = options.retryAfterMs ?? RETRY_AFTER_MS;

  const poll = async (): Promise<void> => {
    const free = concurrency - workers.size;
    if (free <= 0) return;
    for (const job of await claimJobs(worker, [...workers.keys()], free)) {
      const run = runJob(worker, job)
        .catch(async (error: unknown) => {
          log.warn({ err: error, job: job.id }, 'replay job failed; its lease is released for a retry');
          // the job says why it stalls (the next claim clears it); the lease then expires on its own if this fails
          const reason = `retrying after an error: ${error instanceof Error ? error.message : String(error)}`;
          await release(worker, job.id, reason.slice(0, 300), retryAfterMs).catch(() => undefined);
        })
        .finally(() => workers.delete(job.id));
      workers.set(job.id, run);
    }
  };

  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        await poll();
      } catch (error) {
        log.warn({ err: error }, 'replay runner could not poll the store; retrying');
      }
      await sleep(pollMs, abort.signal);
    }
  })();

  const halt = async (): Promise<void> => {
    abort.abort();
    await loop;
    await Promise.allSettled(workers.values());
  };
  return {
    owner,
    stop: async () => {
      await halt();
      await options.db
        .update(replayJobs)
        .set({ leaseOwner: null, leaseUntil: null })
        .where(and(eq(replayJobs.leaseOwner, owner), eq(replayJobs.state, 'running')))
        .catch((error: unknown) => log.warn({ err: error }, 'replay leases not released; they expire'));
    },
    abandon: halt,
  };
}

/** Takes the lease of up to `n` claimable jobs: queued, or running with an expired lease. */
async function claimJobs(options: WorkerOptions, running: string[], n: number): Promise<JobRow[]> {
  const skip =
    running.length > 0
      ? sql`and id not in (${sql.join(
          running.map((id) => sql`${id}`),
          sql`, `,
        )})`
      : sql``;
  return options.db
    .update(replayJobs)
    .set({
      state: 'running',
      leaseOwner: options.owner,
      leaseUntil: sql`now() + ${`${options.leaseMs} milliseconds`}::interval`,
      startedAt: sql`coalesce(${replayJobs.startedAt}, now())`,
      // a job taken over from a crashed runner keeps the pace it had reached (renewals store it);
      // a queued one (new, resumed: the pace was cleared) starts the ramp from its start
      rateCurrent: sql`least(coalesce(${replayJobs.rateCurrent}, ${replayJobs.rateStart}), ${replayJobs.rateMax})`,
      reason: null,
      updatedAt: new Date(),
    })
    .where(
      sql`${replayJobs.id} in (
            select id from replay_jobs
            where (state = 'queued' or (state = 'running' and (lease_until is null or lease_until < now()))) ${skip}
            order by created_at limit ${n} for update skip locked)
          and (${replayJobs.state} = 'queued' or ${replayJobs.leaseUntil} is null or ${replayJobs.leaseUntil} < now())`,
    )
    .returning();
}

async function release(
  options: WorkerOptions,
  jobId: string,
  reason: string,
  retryAfterMs: number,
): Promise<void> {
  await options.db
    .update(replayJobs)
    // nobody claims it for a few seconds: a failing job is retried with a pause, not in a tight loop
    .set({ leaseOwner: null, leaseUntil: new Date(Date.now() + retryAfterMs), reason })
    .where(and(eq(replayJobs.id, jobId), eq(replayJobs.leaseOwner, options.owner)));
}
