/**
 * `npm run bench:replay`: a paced replay job beside live traffic.
 *
 * Phase 1: 10,000 dead letters of `orders`/`billing`; live traffic at 2,000 events/s through the SDK
 * (another process, bench/replay-traffic.ts) timed from publish to handler. The live p99 without a
 * replay (15 s before it and 7.5 s after it, pooled), against the p99 over the replay window while a real replay job (service + approval + runner,
 * bench/replay-job.ts) sends the letters back to `orders` at a cap of 500/s. Reports the achieved
 * replay rate (from the replayed entries' stream times), the busiest 1-s window, the live p99 delta
 * and the job wall time.
 * Phase 2 (crash): the server (its composition root without Next's pages) replays 10,000 letters and
 * is killed with SIGKILL mid-job; moved + remaining must be 10,000 at once, and after a second server
 * takes the job over (when the lease expires), every letter is in the stream exactly once.
 *
 * Writes bench/results/replay.json. Every key lives under a fresh prefix and the store is a fresh
 * database; both go away on success, failure and Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createStore, type Store } from '@/db/client';
import { migrateStore } from '@/db/migrate';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { createKeys, createRedis, type Keys } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { startChild, waitForExit } from '@/server/testing/child';
import { createBenchJob, startBenchRunner, waitForJob, type JobClients } from './replay-job';
import { seedLetters } from '@/server/testing/bulk-dead-letters';
import { deletePrefix, formatNumber, out, percentile, round, sleep, table } from './support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LETTERS = Number(process.env.LETTERS ?? 10_000);
const CAP = Number(process.env.CAP ?? 500);
const LIVE_RATE = Number(process.env.LIVE_RATE ?? 2_000);
const BASELINE_MS = Number(process.env.BASELINE_MS ?? 15_000);
/** Experiment knob: the runner's letters per batch (default: the runner's own, as the server runs it). */
const BATCH_MAX = Number(process.env.BATCH_MAX ?? 0);
/** Experiment knob: replay to this topic, which the live consumer does not read (the runner's cost alone). */
const REPLAY_TO = process.env.REPLAY_TO ?? '';
const WARMUP_MS = 3_000;
const CRASH_CAP = 2_000;

const cleanups: (() => Promise<unknown>)[] = [];
const children = new Set<ChildProcess>();

interface TrafficReport {
  live: number[];
  replayed: number[];
  duplicates: number;
  sent: number;
}

async function main(): Promise<void> {
  const redis = createRedis(REDIS_URL, { name: 'eventlens:bench-replay' });
  await waitForReady(redis, 5_000);
  cleanups.push(async () => redis.disconnect());
  const keys = createKeys(`bench-replay-${randomBytes(3).toString('hex')}`);
  cleanups.push(() => deletePrefix(redis, keys.prefix));
  const { store, database } = await freshStore();
  const clients: JobClients = { db: store.db, redis, keys };

  out(
    `bench:replay — ${formatNumber(LETTERS)} letters at a cap of ${CAP}/s beside ${LIVE_RATE} live events/s`,
  );
  out(
    `replay through the replay job service + runner (server/services/replays.ts, server/replays/runner.ts)`,
  );
  out(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const paced = await pacedReplay(clients);
  const crash = await crashAndResume(clients, database);
  const results = {
    ...paced,
    crash,
    batchMax: BATCH_MAX || 'runner default',
    loadAverageAfter: loadavg()[0],
  };

  out();
  out(
    table(
      ['figure', 'value', 'target'],
      [
        ['replay rate achieved', `${round(paced.replayRatePerSec, 1)}/s`, `${CAP * 0.9}–${CAP}/s`],
        ['busiest 1-s window', `${paced.maxWindowPerSec}/s`, `≤ ${CAP}/s`],
        [
          'live p99 without replay (before / after)',
          `${round(paced.liveP99BaselineMs, 2)} (${round(paced.liveP99BeforeMs, 1)} / ${round(paced.liveP99AfterMs, 1)}) ms`,
          '',
        ],
        ['live p99 during replay', `${round(paced.liveP99ReplayMs, 2)} ms`, ''],
        ['live p99 delta', `${round(paced.liveP99DeltaPct, 1)} %`, '< 10 %'],
        [
          'live p50 without / during',
          `${round(paced.liveP50BaselineMs, 2)} / ${round(paced.liveP50ReplayMs, 2)} ms`,
          '',
        ],
        ['replay window (first → last replay)', `${round(paced.replayWindowSec, 2)} s`, ''],
        ['job wall time (create → completed)', `${round(paced.jobWallSec, 2)} s`, ''],
        [
          'replayed events delivered / duplicates',
          `${paced.delivered} / ${paced.duplicates}`,
          `${LETTERS} / 0`,
        ],
        [
          'crash: moved + remaining at kill',
          `${crash.movedAtKill} + ${crash.remainingAtKill}`,
          `= ${LETTERS}`,
        ],
        [
          'crash: after resume, in stream / distinct / left',
          `${crash.inStream} / ${crash.distinct} / ${crash.leftInDeadLetters}`,
          `${LETTERS} / ${LETTERS} / 0`,
        ],
      ],
    ),
  );
  const verdict = {
    rateWithinCap: paced.replayRatePerSec <= CAP && paced.replayRatePerSec >= CAP * 0.9,
    neverAboveCap: paced.maxWindowPerSec <= CAP,
    liveP99DeltaUnder10Pct: paced.liveP99DeltaPct < 10,
    crashConsistent: crash.ok,
  };
  out();
  out(`verdict: ${JSON.stringify(verdict)}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/replay.json',
    `${JSON.stringify({ ...results, verdict, at: new Date().toISOString() }, null, 2)}\n`,
  );
  out('wrote bench/results/replay.json');
}

/** Phase 1: baseline live latency, then the same during a paced replay job. */
async function pacedReplay(clients: JobClients) {
  const seeded = performance.now();
  await seedLetters(clients, { topic: 'orders', group: 'billing', fingerprint: 'fp-bench', count: LETTERS });
  out(`seeded ${formatNumber(LETTERS)} dead letters in ${round((performance.now() - seeded) / 1000, 1)} s`);
  const traffic = await startTraffic(clients.keys);
  await sleep(WARMUP_MS);
  const baselineFrom = Date.now();
  await sleep(BASELINE_MS);
  const baselineTo = Date.now();
  out(`baseline: ${BASELINE_MS / 1000} s of live traffic without a replay`);

  const created = Date.now();
  const job = await createBenchJob(clients, 'fp-bench', CAP, REPLAY_TO || undefined);
  const runner = startBenchRunner(clients, BATCH_MAX ? { batchMax: BATCH_MAX } : {});
  cleanups.push(() => runner.stop());
  const done = await waitForJob(clients.db, job.id, (j) => j.state === 'completed' || j.state === 'failed');
  const jobWallSec = (Date.now() - created) / 1000;
  await runner.stop(); // the crash phase's job is for its own runners only
  out(`job ${job.id}: ${done.state}, replayed ${done.replayed} of ${done.total}`);
  let report = await ask(traffic);
  for (
    let waited = 0;
    !REPLAY_TO && report.replayed.length < done.replayed && waited < 60_000;
    waited += 200
  ) {
    await sleep(200);
    report = await ask(traffic);
  }
  // a second baseline after the replay: the machine's load drifts (other work shares its cores), so
  // the replay window is compared with quiet windows on both sides of it
  await sleep(1_000);
  const afterFrom = Date.now();
  await sleep(BASELINE_MS / 2);
  const afterTo = Date.now();
  report = await ask(traffic);
  await stopTraffic(traffic);

  const times = [...report.replayed].sort((a, b) => a - b);
  // replayed elsewhere, the live consumer never sees them: the job's own span is the window
  const first = times[0] ?? created;
  const last = times[times.length - 1] ?? created + jobWallSec * 1000;
  const before = liveLatencies(report.live, baselineFrom, baselineTo);
  const after = liveLatencies(report.live, afterFrom, afterTo);
  const baseline = [...before, ...after].sort((a, b) => a - b);
  const during = liveLatencies(report.live, first, last);
  const p99Baseline = percentile(baseline, 99);
  const p99Replay = percentile(during, 99);
  return {
    capPerSec: CAP,
    replayRatePerSec: times.length > 1 ? ((times.length - 1) * 1000) / (last - first) : 0,
    maxWindowPerSec: busiestWindow(times, 1_000),
    liveRatePerSec: LIVE_RATE,
    liveP99BaselineMs: p99Baseline,
    liveP99ReplayMs: p99Replay,
    liveP99DeltaPct: ((p99Replay - p99Baseline) / p99Baseline) * 100,
    liveP99BeforeMs: percentile(before, 99),
    liveP99AfterMs: percentile(after, 99),
    liveP50BaselineMs: percentile(baseline, 50),
    liveP50ReplayMs: percentile(during, 50),
    liveSamples: { before: before.length, after: after.length, replay: during.length },
    replayWindowSec: (last - first) / 1000,
    jobWallSec,
    jobState: done.state,
    letters: LETTERS,
    delivered: report.replayed.length,
    duplicates: report.duplicates,
  };
}

/**
 * Phase 2: the server (server/testing/server-child.ts) killed with SIGKILL mid-job; a second server takes
 * the job over once the dead one's lease expires, as a restarted or standby instance would.
 */
async function crashAndResume(clients: JobClients, database: TestDatabase) {
  const { redis, keys } = clients;
  await seedLetters(clients, { topic: 'crash', group: 'billing', fingerprint: 'fp-crash', count: LETTERS });
  const job = await createBenchJob(clients, 'fp-crash', CRASH_CAP);
  const serverEnv = { REDIS_URL, DATABASE_URL: database.url, PREFIX: keys.prefix };
  const first = await startChild('server/testing/server-child.ts', serverEnv);
  children.add(first);
  const stream = keys.stream('crash');
  const killAt = Math.floor(LETTERS / 3);
  const watch = setInterval(
    () => void redis.xlen(stream).then((n) => n >= killAt && first.kill('SIGKILL')),
    10,
  );
  await waitForExit(first);
  clearInterval(watch);
  children.delete(first);
  const [movedAtKill, remainingAtKill] = await Promise.all([
    redis.xlen(stream),
    redis.xlen(keys.deadLetters('crash')),
  ]);
  out(`crash: server killed with SIGKILL at ${movedAtKill} moved, ${remainingAtKill} remaining`);

  const restarted = Date.now();
  const second = await startChild('server/testing/server-child.ts', serverEnv);
  children.add(second);
  // every letter replayed; the job then waits for outcomes nothing in the bench records
  const done = await waitForJob(clients.db, job.id, (j) => j.replayed + j.skipped === LETTERS);
  const resumeSec = (Date.now() - restarted) / 1000;
  second.kill('SIGTERM');
  await waitForExit(second);
  children.delete(second);
  const entries = await redis.xrange(stream, '-', '+');
  const ids = new Set(entries.map(([, flat]) => JSON.parse(flat[flat.indexOf('event') + 1]!).id as string));
  const leftInDeadLetters = await redis.xlen(keys.deadLetters('crash'));
  const result = {
    movedAtKill,
    remainingAtKill,
    inStream: entries.length,
    distinct: ids.size,
    leftInDeadLetters,
    jobState: done.state,
    jobReplayed: done.replayed,
    resumeSec,
  };
  return {
    ...result,
    ok:
      movedAtKill + remainingAtKill === LETTERS &&
      result.inStream === LETTERS &&
      result.distinct === LETTERS &&
      leftInDeadLetters === 0 &&
      done.replayed + done.skipped === LETTERS,
  };
}

/** Live latencies (ms) of events handled within [from, to], ascending. */
function liveLatencies(flat: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i]! >= from && flat[i]! <= to) out.push(flat[i + 1]!);
  return out.sort((a, b) => a - b);
}

/** The most entries in any `windowMs` window of the ascending times. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

async function freshStore(): Promise<{ store: Store; database: TestDatabase }> {
  const database = await createTestDatabase('bench_replay');
  cleanups.push(() => database.drop());
  const store = await createStore({ url: database.url, max: 8 });
  cleanups.push(() => store.close());
  await migrateStore(store, database.url);
  return { store, database };
}

async function startTraffic(keys: Keys): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/replay-traffic.ts'], {
    env: {
      ...process.env,
      REDIS_URL,
      PREFIX: keys.prefix,
      TOPIC: 'orders',
      GROUP: 'billing',
      RATE: String(LIVE_RATE),
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`traffic process exited with ${code}`)));
  });
  return child;
}

function ask(child: ChildProcess): Promise<TrafficReport> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as TrafficReport));
    child.send({ cmd: 'report' });
  });
}

async function stopTraffic(child: ChildProcess): Promise<void> {
  child.send({ cmd: 'stop' });
  await waitForExit(child);
  children.delete(child);
}

async function cleanup(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  for (const step of cleanups.splice(0).reverse()) await step().catch(() => undefined);
}

process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
main()
  .catch((error: unknown) => {
    process.exitCode = 1;
    process.stderr.write(`bench:replay failed: ${String((error as Error).stack ?? error)}\n`);
  })
  .finally(() => void cleanup());
