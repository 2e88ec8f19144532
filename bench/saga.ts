/**
 * `npm run bench:saga`: the saga orchestrator (server/bus/saga) on 4-step sagas of local steps.
 *
 * 1. Throughput: instances completed per second with 1 and with 2 orchestrator processes (each
 *    starts and runs its share, WINDOW unfinished at once), and Redis commands per transition (a
 *    wrapped client counts every command: an upper bound of round trips, as commands sent in the same
 *    turn share one).
 * 2. Latency: instances started at a paced 200/s in one process; p99 of a transition's commit (the
 *    fenced script's round trip, measured in the client).
 *
 * Every key lives under a per-run prefix, deleted at the end. Prints a table and writes
 * bench/results/saga.json. Knobs (env): BENCH_SAGA_COUNT (instances per throughput run, default
 * 20,000), BENCH_SAGA_WINDOW (default 400), BENCH_SAGA_PACED_S (paced seconds, default 5), REDIS_URL.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRedis } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { startChild, waitForExit } from '@/server/testing/child';
import { deletePrefix, formatNumber, out, round, table } from './support';

const CHILD = 'bench/saga-child.ts';
const COUNT = Number(process.env.BENCH_SAGA_COUNT ?? 20_000);
const WINDOW = Number(process.env.BENCH_SAGA_WINDOW ?? 400);
const PACED_S = Number(process.env.BENCH_SAGA_PACED_S ?? 5);
const RATE = 200;
const STEPS = 4;

interface ChildResult {
  completed: number;
  failed: number;
  elapsedMs: number;
  commands: number;
  transitions: number;
  commitP50Ms: number;
  commitP99Ms: number;
  cpuUsPerInstance: number;
}

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'eventlens:bench:saga',
});
await waitForReady(redis, 5_000);

/** Runs `processes` children on one prefix, starts them together, collects their results. */
async function run(processes: number, env: Record<string, string>): Promise<ChildResult[]> {
  const prefix = `bench-saga-${randomBytes(4).toString('hex')}`;
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < processes; i++)
      children.push(await startChild(CHILD, { PREFIX: prefix, ...env }, 60_000));
    const results = children.map(
      (child) =>
        new Promise<ChildResult>((resolve, reject) => {
          let buffered = '';
          child.stdout!.on('data', (chunk: Buffer) => {
            buffered += chunk.toString();
            const line = buffered.split('\n').find((l) => l.startsWith('result '));
            if (line) resolve(JSON.parse(line.slice('result '.length)) as ChildResult);
          });
          child.once('exit', (code) =>
            reject(new Error(`bench child exited with ${code} before its result`)),
          );
        }),
    );
    await redis.set(`${prefix}:bench:go`, '1');
    const collected = await Promise.all(results);
    await Promise.all(children.map((child) => waitForExit(child)));
    return collected;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await deletePrefix(redis, prefix);
  }
}

function throughput(results: ChildResult[]): {
  instancesPerSec: number;
  commandsPerTransition: number;
  commandsPerStep: number;
  cpuUsPerInstance: number;
  failed: number;
} {
  const completed = results.reduce((n, r) => n + r.completed, 0);
  const elapsed = Math.max(...results.map((r) => r.elapsedMs));
  const commands = results.reduce((n, r) => n + r.commands, 0);
  const transitions = results.reduce((n, r) => n + r.transitions, 0);
  return {
    instancesPerSec: Math.round((completed / elapsed) * 1_000),
    commandsPerTransition: round(commands / transitions, 2),
    commandsPerStep: round(commands / (completed * STEPS), 2),
    cpuUsPerInstance: Math.round(results.reduce((n, r) => n + r.cpuUsPerInstance, 0) / results.length),
    failed: results.reduce((n, r) => n + r.failed, 0),
  };
}

out(
  `bench:saga  ${COUNT} instances per throughput run, window ${WINDOW}; load average ${loadavg()[0]!.toFixed(2)}`,
);
const one = throughput(await run(1, { MODE: 'throughput', COUNT: String(COUNT), WINDOW: String(WINDOW) }));
const two = throughput(
  await run(2, {
    MODE: 'throughput',
    COUNT: String(Math.round(COUNT / 2)),
    WINDOW: String(Math.round(WINDOW / 2)),
  }),
);
const [paced] = await run(1, { MODE: 'paced', COUNT: String(RATE * PACED_S), RATE: String(RATE) });
redis.disconnect();

out();
out(
  table(
    [
      'run',
      'instances/s',
      'client CPU us/instance',
      'commands/transition',
      'commands/step',
      'p50 commit ms',
      'p99 commit ms',
    ],
    [
      [
        '1 process',
        formatNumber(one.instancesPerSec),
        String(one.cpuUsPerInstance),
        String(one.commandsPerTransition),
        String(one.commandsPerStep),
        '',
        '',
      ],
      [
        '2 processes',
        formatNumber(two.instancesPerSec),
        String(two.cpuUsPerInstance),
        String(two.commandsPerTransition),
        String(two.commandsPerStep),
        '',
        '',
      ],
      [
        `paced ${RATE}/s`,
        '',
        '',
        '',
        '',
        String(round(paced!.commitP50Ms, 2)),
        String(round(paced!.commitP99Ms, 2)),
      ],
    ],
  ),
);

const results = {
  instancesPerSec: one.instancesPerSec,
  instancesPerSecTwoProcesses: two.instancesPerSec,
  /** Commands per transition (an upper bound of round trips). */
  roundTripsPerStep: one.commandsPerTransition,
  commandsPerStep: one.commandsPerStep,
  clientCpuUsPerInstance: one.cpuUsPerInstance,
  transitionP99Ms: round(paced!.commitP99Ms, 2),
  transitionP50Ms: round(paced!.commitP50Ms, 2),
  failed: one.failed + two.failed + paced!.failed,
  count: COUNT,
  window: WINDOW,
  loadAverage: loadavg()[0],
  at: new Date().toISOString(),
};
const verdict = {
  instancesPerSec: results.instancesPerSec >= 2_000,
  roundTripsPerStep: results.roundTripsPerStep <= 2,
  transitionP99Ms: results.transitionP99Ms <= 5,
};
out(`verdict: ${JSON.stringify(verdict)}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/saga.json', `${JSON.stringify({ ...results, verdict }, null, 2)}\n`);
out('wrote bench/results/saga.json');
