/**
 * `npm run bench:replay`: paced replay jobs beside live traffic.
 *
 * Phase 1: ROUNDS jobs of 10,000 dead letters of `orders`/`billing`, one after the other; live traffic
 * at 2,000 events/s through the SDK (another process, bench/replay-traffic.ts) timed from publish to
 * handler. Each job is real (service + approval + runner, bench/replay-job.ts) and sends its letters
 * back to `orders` at a cap of 500/s, paused and resumed every PHASE_MS as an operator could: the live
 * p99 while a job sends is compared with the live p99 of the paused phases, in the same minute, so that
 * the machine's drift weighs on both alike (two quiet windows before and after a job differed by half
 * on this machine). The rounds pool their samples: one job's 20 s of sending rests its p99 on a few
 * dozen stalls. The delta comes with a 90 % interval from resampling whole phases
 * (bench/replay-phases.ts): the same code's delta moves by several points run to run, and the interval
 * says how far one run's figure can be trusted. Beside it, the median of the cycles' own deltas (each
 * running phase against the paused phases next to it, bench/replay-phases.ts), which a stall of the
 * machine in one phase cannot carry. The p99 before and after the jobs are reported too. After each
 * job comes a round of the equal-load control (DRIVER=publish's round: as many plain events at the
 * same pace and turns, no replay; CONTROL_ROUNDS in all): the floor under the delta in the same run,
 * what the extra events alone cost the live consumer, that no replay can go below. Its CPU per event,
 * part by part, and its share of slow live events are read as the job's are. Also: the
 * replay rate while running (from the replayed entries' stream times), the busiest 1-s window, each
 * job's wall time (pauses included), the CPU the replay adds per letter, part by part
 * (bench/replay-cpu.ts), and the share of live events over the baseline p99 while running: 1 % when
 * the replay leaves the tail where it was (the A/A run, DRIVER=idle, reads about that); it counts
 * every slow event rather than resting on where the 99th percentile falls. It is also split: within
 * 30 ms after a batch's record in the store (when the runner wrote it, read back from the job's
 * letters; it comes right after the batch's last send) and the rest.
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
import {
  alternatePhases,
  createBenchJob,
  idleAtThePace,
  publishAtThePace,
  recordTimes,
  replayScriptsOnly,
  startBenchRunner,
  waitForJob,
  type JobClients,
} from './replay-job';
import { seedLetters } from '@/server/testing/bulk-dead-letters';
import { CPU_PARTS, cpuRate, sampleCpu, type CpuPart } from './replay-cpu';
import { batchSize } from '@/server/replays/paced-batch';
import { BATCH_MAX as RUNNER_BATCH_MAX } from '@/server/replays/runner';
import {
  batchEnds,
  busiestWindow,
  liveLatencies,
  p99DeltaInterval,
  pairedP99Delta,
  phasesDelta,
  phasesWithin,
  runningRate,
  slowShares,
  type Span,
} from './replay-phases';
import { deletePrefix, formatNumber, out, percentile, round, sleep, table } from './support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LETTERS = Number(process.env.LETTERS ?? 10_000);
/** Paced jobs of LETTERS letters, one after the other, whose live samples are pooled. */
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CAP = Number(process.env.CAP ?? 500);
const LIVE_RATE = Number(process.env.LIVE_RATE ?? 2_000);
const BASELINE_MS = Number(process.env.BASELINE_MS ?? 15_000);
/** Experiment knob: the runner's letters per batch (default: the runner's own, as the server runs it). */
const BATCH_MAX = Number(process.env.BATCH_MAX ?? 0);
/** Experiment knob: replay to this topic, which the live consumer does not read (the runner's cost alone). */
const REPLAY_TO = process.env.REPLAY_TO ?? '';
/**
 * Experiment knob: `script` replays through the Redis scripts alone, without the job, runner or store;
 * `idle` replays nothing at the same pace and turns (the A/A test: the delta of a replay that costs nothing);
 * `publish` replays nothing and publishes as many plain events at the same pace and turns (the
 * equal-load control: the delta of the extra events alone, the least any replay can cost).
 */
const DRIVER = process.env.DRIVER ?? 'job';
const WARMUP_MS = Number(process.env.WARMUP_MS ?? 10_000);
/** The job runs and pauses in turns of this long; 0 runs it through (no paused phases to compare). */
const PHASE_MS = Number(process.env.PHASE_MS ?? 3_000);
const CRASH_CAP = 2_000;
/** Experiment knob: leave out phase 2 (the crash), when only the paced phase is being looked at. */
const SKIP_CRASH = process.env.SKIP_CRASH === '1';
/**
 * Rounds of the equal-load control, one after each job (DRIVER=publish's rounds, in the same run): the
 * floor under the delta, what the same number of events costs the live service without any replay.
 */
const CONTROL_ROUNDS = DRIVER === 'job' && !REPLAY_TO ? Number(process.env.CONTROL_ROUNDS ?? ROUNDS) : 0;
/** Experiment knob: write the live samples and replayed entry times to this file, to study offline. */
const DUMP_SAMPLES = process.env.DUMP_SAMPLES ?? '';

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
    `bench:replay — ${ROUNDS} jobs of ${formatNumber(LETTERS)} letters at a cap of ${CAP}/s beside ${LIVE_RATE} live events/s`,
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
  const crash = SKIP_CRASH ? null : await crashAndResume(clients, database);
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
          PHASE_MS > 0 ? 'live p99 while paused (the baseline)' : 'live p99 without replay',
          `${round(paced.liveP99BaselineMs, 2)} ms`,
          '',
        ],
        [
          'live p99 before / after the job',
          `${round(paced.liveP99BeforeMs, 2)} / ${round(paced.liveP99AfterMs, 2)} ms`,
          '',
        ],
        ['live p99 while replaying', `${round(paced.liveP99ReplayMs, 2)} ms`, ''],
        ['live p99 delta', `${round(paced.liveP99DeltaPct, 1)} %`, '< 10 %'],
        [
          'live p99 delta, 90 % interval (phases resampled)',
          paced.liveP99DeltaInterval90Pct
            ? paced.liveP99DeltaInterval90Pct.map((pct) => `${round(pct, 1)} %`).join(' – ')
            : 'no paused phases',
          '',
        ],
        [
          'live p99 delta, median of cycles (90 % interval)',
          paced.liveP99DeltaPaired
            ? `${round(paced.liveP99DeltaPaired.medianPct, 1)} % (${paced.liveP99DeltaPaired.interval90Pct
                .map((pct) => `${round(pct, 1)} %`)
                .join(' – ')}), ${paced.liveP99DeltaPaired.cycles} cycles`
            : 'no paused phases',
          '',
        ],
        [
          'equal-load control: live p99 delta (90 % interval), median of cycles',
          paced.controlP99DeltaPct === null
            ? 'not run'
            : `${round(paced.controlP99DeltaPct, 1)} % (${(paced.controlP99DeltaInterval90Pct ?? [])
                .map((pct) => `${round(pct, 1)} %`)
                .join(
                  ' – ',
                )}), ${paced.controlP99DeltaPaired ? `${round(paced.controlP99DeltaPaired.medianPct, 1)} %` : '–'}`,
          '',
        ],
        [
          'live p99 delta over the equal-load control',
          paced.liveP99DeltaOverControlPct === null
            ? 'not run'
            : `${round(paced.liveP99DeltaOverControlPct, 1)} points`,
          '',
        ],
        [
          'live events over the baseline p99: all / ≤ 30 ms after a batch / elsewhere',
          `${round(paced.liveSlowShare.allPct, 2)} % / ${round(paced.liveSlowShare.afterBatchPct, 2)} % / ${round(paced.liveSlowShare.elsewherePct, 2)} %`,
          '',
        ],
        [
          'equal-load control: live events over its own paused p99',
          paced.controlSlowSharePct === null ? 'not run' : `${round(paced.controlSlowSharePct, 2)} %`,
          '',
        ],
        [
          'live p50 without / during',
          `${round(paced.liveP50BaselineMs, 2)} / ${round(paced.liveP50ReplayMs, 2)} ms`,
          '',
        ],
        [
          `job wall time (create → completed, ${paced.rounds} jobs)`,
          paced.jobWallSec.map((sec) => `${round(sec, 1)} s`).join(', '),
          '',
        ],
        [
          `job create (preview, plan, approval), ${paced.rounds} jobs`,
          paced.jobCreateSec.map((sec) => `${round(sec, 2)} s`).join(', '),
          '',
        ],
        ['running phases pooled', `${paced.runningPhases}`, ''],
        ...CPU_PARTS.map((part) => [
          `CPU ${part}: ms/s paused → running, per letter; control per event`,
          `${cpuCell(
            paced.cpuMsPerSec.paused[part],
            paced.cpuMsPerSec.running[part],
            paced.cpuPerLetterUs[part],
          )}; ${paced.controlCpuPerEventUs?.[part] == null ? '–' : `${Math.round(paced.controlCpuPerEventUs[part])} µs`}`,
          '',
        ]),
        [
          'replayed events delivered / duplicates',
          `${paced.delivered} / ${paced.duplicates}`,
          `${LETTERS * ROUNDS} / 0`,
        ],
        [
          'crash: moved + remaining at kill',
          crash ? `${crash.movedAtKill} + ${crash.remainingAtKill}` : 'skipped',
          `= ${LETTERS}`,
        ],
        [
          'crash: after resume, in stream / distinct / left',
          crash ? `${crash.inStream} / ${crash.distinct} / ${crash.leftInDeadLetters}` : 'skipped',
          `${LETTERS} / ${LETTERS} / 0`,
        ],
      ],
    ),
  );
  const verdict = {
    rateWithinCap: paced.replayRatePerSec <= CAP && paced.replayRatePerSec >= CAP * 0.9,
    neverAboveCap: paced.maxWindowPerSec <= CAP,
    liveP99DeltaUnder10Pct: paced.liveP99DeltaPct < 10,
    crashConsistent: crash?.ok ?? 'skipped',
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

/**
 * Phase 1: baseline live latency, then the same during ROUNDS paced replay jobs of LETTERS letters
 * each, one after the other: a p99 over one job's 20 s of sending rests on a few dozen stalls, and two
 * halves of a quiet minute differed by up to half; the rounds pool their samples.
 */
async function pacedReplay(clients: JobClients) {
  const seeded = performance.now();
  const rounds: { fingerprint: string; letterIds: string[] }[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const fingerprint = `fp-bench-${r}`;
    const letterIds = await seedLetters(clients, {
      topic: 'orders',
      group: 'billing',
      fingerprint,
      count: LETTERS,
    });
    rounds.push({ fingerprint, letterIds });
  }
  out(
    `seeded ${ROUNDS} × ${formatNumber(LETTERS)} dead letters in ${round((performance.now() - seeded) / 1000, 1)} s`,
  );
  const traffic = await startTraffic(clients.keys);
  const cpu = sampleCpu(clients.redis, traffic.pid);
  await sleep(WARMUP_MS);
  const baselineFrom = Date.now();
  await sleep(BASELINE_MS);
  const baselineTo = Date.now();
  out(`baseline: ${BASELINE_MS / 1000} s of live traffic without a replay`);

  const jobs: {
    id: string;
    state: string;
    replayed: number;
    total: number;
    window: Span;
    wallSec: number;
    createSec: number;
  }[] = [];
  const idleTimes: number[] = [];
  const recorded: number[] = [];
  const controlWindows: Span[] = [];
  // each job round is followed by a control round, so that neither side has the run's later minutes
  // to itself (the machine's load drifts over a run)
  for (let r = 0; r < Math.max(rounds.length, CONTROL_ROUNDS); r++) {
    const replay = rounds[r];
    if (replay) {
      const created = Date.now();
      const done = await replayRound(clients, replay.fingerprint, replay.letterIds, idleTimes);
      const ended = Date.now();
      if (DRIVER === 'job') recorded.push(...(await recordTimes(clients.db, done.id)));
      jobs.push({ ...done, window: [created, ended], wallSec: (ended - created) / 1000 });
      out(
        `job ${done.id}: ${done.state}, replayed ${done.replayed} of ${done.total} in ${round((ended - created) / 1000, 1)} s`,
      );
    }
    if (r < CONTROL_ROUNDS) {
      const from = Date.now();
      await publishAtThePace(clients, 'orders', LETTERS, CAP, PHASE_MS);
      controlWindows.push([from, Date.now()]);
      out(
        `equal-load control ${r + 1}: ${formatNumber(LETTERS)} plain events published at the same pace and turns`,
      );
    }
  }
  const replayedTotal = jobs.reduce((sum, job) => sum + job.replayed, 0) + CONTROL_ROUNDS * LETTERS;
  // the count alone while waiting: the whole report is megabytes over IPC
  for (
    let waited = 0;
    !REPLAY_TO && DRIVER !== 'idle' && (await countReplayed(traffic)) < replayedTotal && waited < 60_000;
    waited += 200
  )
    await sleep(200);
  // a second baseline after the replay: the machine's load drifts (other work shares its cores), so
  // the replay window is compared with quiet windows on both sides of it
  await sleep(1_000);
  const afterFrom = Date.now();
  await sleep(BASELINE_MS / 2);
  const afterTo = Date.now();
  const report = await ask(traffic);
  if (DUMP_SAMPLES) writeFileSync(DUMP_SAMPLES, JSON.stringify(report));
  const cpuSamples = await cpu.stop();
  await stopTraffic(traffic);

  // replayed elsewhere, the live consumer never sees them: their entry ids in the target say when
  const seen =
    DRIVER === 'idle'
      ? idleTimes
      : REPLAY_TO
        ? await entryTimes(clients, REPLAY_TO)
        : [...report.replayed].sort((a, b) => a - b);
  // the control's events reach the live consumer too: the jobs' figures count only their own windows
  const inJobs = (t: number) => jobs.some(({ window }) => t >= window[0] && t <= window[1]);
  const times = CONTROL_ROUNDS > 0 ? seen.filter(inJobs) : seen;
  const controlPhases = CONTROL_ROUNDS > 0 ? phasesWithin(seen, controlWindows) : null;
  const control = controlPhases ? phasesDelta(report.live, controlPhases) : null;
  const before = liveLatencies(report.live, [[baselineFrom, baselineTo]]);
  const after = liveLatencies(report.live, [[afterFrom, afterTo]]);
  // only the pauses inside a job: between two jobs the runner completes one and claims the next
  const { running, paused: pausedSpans } = phasesWithin(
    times,
    jobs.map((job) => job.window),
  );
  const during = liveLatencies(report.live, running);
  const paused = liveLatencies(report.live, pausedSpans);
  // with paused phases, the baseline is theirs: the same minute as the replay, so the machine's drift
  // (other processes, the store's own work) weighs on both sides alike
  const baseline = PHASE_MS > 0 ? paused : [...before, ...after].sort((a, b) => a - b);
  const p99Baseline = percentile(baseline, 99);
  const cpuRunning = cpuRate(cpuSamples, running);
  const cpuPaused = cpuRate(cpuSamples, pausedSpans);
  const replayRatePerSec = runningRate(times, running);
  const cpuPerLetterUs = cpuPerItem(cpuRunning, cpuPaused, replayRatePerSec);
  // the control, read the same way: what its plain events cost each part, and how many live events it slowed
  const controlCpu = controlPhases && {
    running: cpuRate(cpuSamples, controlPhases.running),
    paused: cpuRate(cpuSamples, controlPhases.paused),
  };
  const controlCpuPerEventUs =
    controlPhases && controlCpu
      ? cpuPerItem(controlCpu.running, controlCpu.paused, runningRate(seen, controlPhases.running))
      : null;
  const controlSlowSharePct =
    controlPhases && control
      ? slowShares(report.live, controlPhases.running, [], control.baseP99Ms).allPct
      : null;
  const p99Replay = percentile(during, 99);
  // a job's batches end where the runner recorded them (a pause cuts one short); the other drivers
  // send in batches of the runner's size
  const ends = DRIVER === 'job' ? recorded : batchEnds(times, batchSize(CAP, BATCH_MAX || RUNNER_BATCH_MAX));
  return {
    capPerSec: CAP,
    replayRatePerSec,
    cpuMsPerSec: { paused: cpuPaused, running: cpuRunning },
    cpuPerLetterUs,
    maxWindowPerSec: busiestWindow(times, 1_000),
    liveRatePerSec: LIVE_RATE,
    phaseMs: PHASE_MS,
    liveP99BaselineMs: p99Baseline,
    liveP99ReplayMs: p99Replay,
    liveP99DeltaPct: ((p99Replay - p99Baseline) / p99Baseline) * 100,
    // only against paused phases: the quiet windows before and after are one span each
    liveP99DeltaInterval90Pct:
      PHASE_MS > 0 && pausedSpans.length > 1 ? p99DeltaInterval(report.live, running, pausedSpans) : null,
    // the floor: the same events published plainly, and how far the replay's delta lies above it
    controlRounds: CONTROL_ROUNDS,
    controlP99DeltaPct: control?.deltaPct ?? null,
    controlP99DeltaInterval90Pct: control?.interval90Pct ?? null,
    controlP99DeltaPaired: control?.paired ?? null,
    controlCpuPerEventUs,
    controlSlowSharePct,
    liveP99DeltaOverControlPct:
      control === null ? null : ((p99Replay - p99Baseline) / p99Baseline) * 100 - control.deltaPct,
    liveP99DeltaPaired:
      PHASE_MS > 0 && pausedSpans.length > 1 ? pairedP99Delta(report.live, running, pausedSpans) : null,
    // where in the batch cycle the slow live events fall (bench/replay-phases.ts)
    liveSlowShare: slowShares(report.live, running, ends, p99Baseline),
    liveP99BeforeMs: percentile(before, 99),
    liveP99AfterMs: percentile(after, 99),
    liveP99PausedMs: percentile(paused, 99),
    liveP50BaselineMs: percentile(baseline, 50),
    liveP50ReplayMs: percentile(during, 50),
    liveSamples: { before: before.length, after: after.length, paused: paused.length, replay: during.length },
    runningPhases: running.length,
    jobWallSec: jobs.map((job) => job.wallSec),
    // the preview's work grows with the letters replayed before it if a lookup loses its index
    jobCreateSec: jobs.map((job) => job.createSec),
    jobStates: jobs.map((job) => job.state),
    rounds: ROUNDS,
    letters: LETTERS,
    delivered: times.length,
    duplicates: report.duplicates,
  };
}

/** One round by the chosen driver; `idle` adds the times it would have sent at to `idleTimes`. */
async function replayRound(
  clients: JobClients,
  fingerprint: string,
  letterIds: readonly string[],
  idleTimes: number[],
) {
  const driven = { state: 'completed', total: LETTERS, createSec: 0 };
  if (DRIVER === 'idle') {
    idleTimes.push(...(await idleAtThePace(LETTERS, CAP, PHASE_MS)));
    return { ...driven, id: 'idle', replayed: 0 };
  }
  if (DRIVER === 'publish') {
    await publishAtThePace(clients, REPLAY_TO || 'orders', LETTERS, CAP, PHASE_MS);
    return { ...driven, id: 'plain publishes', replayed: LETTERS };
  }
  if (DRIVER === 'script') {
    await replayScriptsOnly(clients, letterIds, CAP, PHASE_MS, REPLAY_TO || undefined);
    return { ...driven, id: 'scripts only', replayed: LETTERS };
  }
  return runBenchJob(clients, fingerprint);
}

/** The paced job through the service and the runner, paused and resumed in turns. */
async function runBenchJob(clients: JobClients, fingerprint: string) {
  const creating = performance.now();
  const job = await createBenchJob(clients, fingerprint, CAP, REPLAY_TO || undefined);
  const createSec = (performance.now() - creating) / 1000;
  const runner = startBenchRunner(clients, BATCH_MAX ? { batchMax: BATCH_MAX } : {});
  cleanups.push(() => runner.stop());
  const phases = PHASE_MS > 0 ? alternatePhases(clients.db, job.id, PHASE_MS) : null;
  const done = await waitForJob(clients.db, job.id, (j) => j.state === 'completed' || j.state === 'failed');
  await phases?.stop();
  await runner.stop(); // the crash phase's job is for its own runners only
  return { ...done, createSec };
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

/** What each part's CPU rose by per item sent (µs): the running spans' rate less the paused ones'. */
function cpuPerItem(
  running: Record<CpuPart, number | null>,
  paused: Record<CpuPart, number | null>,
  perSec: number,
): Record<CpuPart, number | null> {
  return Object.fromEntries(
    CPU_PARTS.map((part) => {
      const on = running[part];
      const off = paused[part];
      return [part, on === null || off === null || perSec === 0 ? null : ((on - off) / perSec) * 1000];
    }),
  ) as Record<CpuPart, number | null>;
}

function cpuCell(paused: number | null, running: number | null, perLetter: number | null): string {
  if (paused === null || running === null || perLetter === null) return 'not readable here';
  return `${round(paused, 1)} → ${round(running, 1)}, ${Math.round(perLetter)} µs`;
}

/** The append times (ms) of every entry of a topic's stream, ascending. */
async function entryTimes({ redis, keys }: JobClients, topic: string): Promise<number[]> {
  const entries = await redis.xrange(keys.stream(topic), '-', '+');
  return entries.map(([id]) => Number(id.slice(0, id.indexOf('-')))).sort((a, b) => a - b);
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
  const child = spawn(
    process.execPath,
    [
      ...(process.env.TRAFFIC_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      'bench/replay-traffic.ts',
    ],
    {
      env: {
        ...process.env,
        REDIS_URL,
        PREFIX: keys.prefix,
        TOPIC: 'orders',
        GROUP: 'billing',
        RATE: String(LIVE_RATE),
      },
      stdio: ['ignore', 'pipe', process.env.TRAFFIC_LOG ? 'pipe' : 'inherit', 'ipc'],
    },
  );
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`traffic process exited with ${code}`)));
  });
  return child;
}

function countReplayed(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve((message as { replayed: number }).replayed));
    child.send({ cmd: 'count' });
  });
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
