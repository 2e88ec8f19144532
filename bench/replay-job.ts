/**
 * The one place `bench:replay` makes and runs a replay job, exactly as the server does: the service
 * (server/services/replays.ts) freezes the letters and writes the job with its audit row, a second
 * admin approves it (10,000 letters are above the four-eyes threshold), and the runner
 * (server/replays/runner.ts) paces it through.
 */
import type { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import type { Principal } from '@/server/access/principal';
import { createBus, type Keys } from '@/server/bus';
import type { ReplayJob } from '@/server/contracts/replays';
import { startReplayRunner, type ReplayRunner, type ReplayRunnerOptions } from '@/server/replays/runner';
import { createReplay } from '@/server/services/replays';
import { approveReplay, pauseReplay, resumeReplay } from '@/server/services/replays-control';
import { sendSize } from '@/server/replays/paced-batch';
import { TokenBucket } from '@/server/services/replays-pace';
import { replayAllToTarget } from '@/server/services/replays-target';
import { getReplay } from '@/server/services/replays-read';
import { sleep } from './support';

const CREATOR: Principal = { kind: 'user', userId: 'bench-creator', name: 'bench creator', role: 'admin' };
const APPROVER: Principal = { kind: 'user', userId: 'bench-approver', name: 'bench approver', role: 'admin' };

export interface JobClients {
  db: Db;
  redis: Redis;
  keys: Keys;
}

/** Makes (and approves) a job replaying every letter of `fingerprint` at `capPerSec`, without a ramp. */
export async function createBenchJob(
  clients: JobClients,
  fingerprint: string,
  capPerSec: number,
  toTopic?: string,
): Promise<ReplayJob> {
  const job = await createReplay(
    { ...clients, caller: CREATOR },
    // start at the cap: the bench measures the cap; the ramp (1, 2, 5 … /s) has its own tests
    {
      selection: { fingerprint },
      rate: { start: capPerSec, max: capPerSec },
      ...(toTopic ? { target: { topic: toTopic } } : {}),
    },
  );
  if (job.state !== 'awaiting-approval') return job;
  return approveReplay({ db: clients.db, caller: APPROVER }, { id: job.id });
}

/** The runner as the server starts it, tuned only to finish the bench promptly. */
export function startBenchRunner(
  clients: JobClients,
  overrides: Partial<ReplayRunnerOptions> = {},
): ReplayRunner {
  return startReplayRunner({
    ...clients,
    pollMs: 200,
    // nothing records outcomes in the bench: the job completes this long after its last replay
    settleTimeoutMs: 1_000,
    settleEveryMs: 1_000,
    ...overrides,
  });
}

/** Polls the job until `done` says so; rejects after `timeoutMs`. */
export async function waitForJob(
  db: Db,
  id: string,
  done: (job: ReplayJob) => boolean,
  timeoutMs = 300_000,
): Promise<ReplayJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getReplay(db, id);
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`replay job ${id} still ${job.state} after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/**
 * When the runner recorded each of the job's batches (every letter of a record shares its statement's
 * `now()`), in ms, ascending: where a batch ended, also one a pause cut short.
 */
export async function recordTimes(db: Db, id: string): Promise<number[]> {
  const rows = await selectRows<{ at: string }>(
    db,
    sql`select distinct (extract(epoch from replayed_at) * 1000)::text as at
        from replay_job_letters where job_id = ${id} and replayed_at is not null`,
  );
  return rows.map((r) => Number(r.at)).sort((a, b) => a - b);
}

/**
 * Pauses and resumes the job every `phaseMs` until it ends (or `stop()`), as an operator could: the
 * live latency of the paused phases is the baseline of the running ones, measured in the same minute.
 */
export function alternatePhases(db: Db, id: string, phaseMs: number): { stop: () => Promise<void> } {
  let stopped = false;
  const ctx = { db, caller: CREATOR };
  const loop = (async () => {
    for (let paused = false; !stopped; paused = !paused) {
      await sleep(phaseMs);
      if (stopped) break;
      // the job may end between two looks: a refused pause or resume then ends the loop
      const next = paused ? resumeReplay(ctx, { id }) : pauseReplay(ctx, { id });
      if (!(await next.then(() => true).catch(() => false))) break;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/**
 * Experiment (DRIVER=script): the runner's Redis work alone, without its store or job machinery: each
 * letter's replay script at the same token pace, running and pausing in the same turns.
 */
export async function replayScriptsOnly(
  { redis, keys }: JobClients,
  letterIds: readonly string[],
  capPerSec: number,
  phaseMs: number,
  toTopic?: string,
): Promise<void> {
  await atThePace(letterIds.length, capPerSec, phaseMs, async (from, n) => {
    await replayAllToTarget(
      redis,
      keys,
      letterIds.slice(from, from + n),
      toTopic ? { topic: toTopic } : {},
      undefined,
    );
  });
}

/**
 * Experiment (DRIVER=publish), the equal-load control: no replay, the same number of plain events
 * published to the topic through the SDK (`publishBatch`, a few per round trip) at the same token pace
 * and turns. The live consumer handles them as it would the replayed ones, so the delta it reads is
 * what the extra events cost the live service by themselves: no replay can cost it less.
 */
export async function publishAtThePace(
  { redis, keys }: JobClients,
  topic: string,
  count: number,
  capPerSec: number,
  phaseMs: number,
): Promise<void> {
  const bus = createBus({ redis, service: 'bench-equal-load', prefix: keys.prefix, telemetry: false });
  try {
    await atThePace(count, capPerSec, phaseMs, async (from, n) => {
      await bus.publishBatch(
        topic,
        Array.from({ length: n }, (_, i) => ({ type: 'bench.equal-load', data: { n: from + i } })),
      );
    });
  } finally {
    await bus.close();
  }
}

/**
 * Calls `send(from, n)` until `count` items went, as a paced job sends them: at the token pace, a few
 * per call, running and pausing in turns of `phaseMs` (a resumed job starts without a bank).
 */
async function atThePace(
  count: number,
  capPerSec: number,
  phaseMs: number,
  send: (from: number, n: number) => Promise<void>,
): Promise<void> {
  const bucket = new TokenBucket(capPerSec);
  let phaseStart = Date.now();
  let next = 0;
  while (next < count) {
    if (phaseMs > 0 && Date.now() - phaseStart >= phaseMs) {
      await sleep(phaseMs);
      phaseStart = Date.now();
      bucket.setRate(capPerSec);
      bucket.take(bucket.burst);
    }
    const wait = bucket.waitMs(Date.now(), sendSize(capPerSec, count - next));
    if (wait > 0) {
      await sleep(wait);
      continue;
    }
    const n = bucket.take(count - next);
    await send(next, n);
    next += n;
  }
}

/**
 * Experiment (DRIVER=idle), the A/A test: no replay at all, only the times a paced one would have sent at,
 * running and pausing in the same turns. The delta it reads is the machine's noise floor: what the
 * bench would report for a replay that costs nothing.
 */
export async function idleAtThePace(letters: number, capPerSec: number, phaseMs: number): Promise<number[]> {
  const times: number[] = [];
  const stepMs = 1000 / capPerSec;
  while (times.length < letters) {
    const start = Date.now();
    const left = letters - times.length;
    const inPhase = phaseMs > 0 ? Math.min(left, Math.floor(phaseMs / stepMs)) : left;
    for (let i = 0; i < inPhase; i++) times.push(start + i * stepMs);
    await sleep(inPhase * stepMs);
    if (phaseMs > 0 && times.length < letters) await sleep(phaseMs);
  }
  return times;
}
