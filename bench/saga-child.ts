/**
 * One orchestrator process of bench/saga.ts: registers a 4-step saga of local steps, prints "ready",
 * waits for the go key, runs its share and prints one line `result <json>`.
 * MODE=throughput: COUNT instances, at most WINDOW unfinished at once, as fast as they complete.
 * MODE=paced: COUNT instances started at RATE per second; records each transition's commit time.
 * Redis commands are counted by wrapping this client's sendCommand (every saga command goes through it).
 */
import type { Command } from 'ioredis';
import { createBus, createRedis } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { defineSaga } from '@/server/bus/saga';
import { percentile, sleep } from './support';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const prefix = env('PREFIX');
const mode = env('MODE', 'throughput');
const count = Number(env('COUNT', '10000'));
const window = Number(env('WINDOW', '400'));
const rate = Number(env('RATE', '200'));

const redis = createRedis(env('REDIS_URL', 'redis://127.0.0.1:6379'), { name: 'eventlens:bench:saga' });
await waitForReady(redis, 5_000);
let commands = 0;
const send = redis.sendCommand.bind(redis);
redis.sendCommand = (command: Command, stream?: never) => {
  commands += 1;
  return send(command, stream);
};

let completed = 0;
let transitions = 0;
let measuring = false;
const commitMs: number[] = [];
let wake: (() => void) | null = null;
const bus = createBus({
  redis,
  service: 'saga-bench',
  prefix,
  telemetry: false,
  sagas: {
    onTransition: (info) => {
      transitions += 1;
      if (measuring) commitMs.push(info.commitMs);
      if (info.status === 'completed') {
        completed += 1;
        wake?.();
        wake = null;
      }
    },
  },
});
const saga = defineSaga<{ i: number }, Record<string, number>>({
  name: 'bench',
  version: 1,
  steps: ['reserve', 'charge', 'ship', 'notify'].map((name, index) => ({
    name,
    action: () => index,
    compensate: () => undefined,
  })),
});
await bus.sagas.register(saga);
process.stdout.write('ready\n');
while ((await redis.get(`${prefix}:bench:go`)) === null) await sleep(2);

const until = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));
let failed = 0;
const start = (i: number): void => {
  void bus.sagas.start(saga, { i }).catch((error: unknown) => {
    failed += 1;
    process.stderr.write(`start failed: ${(error as Error).message}\n`);
    wake?.();
    wake = null;
  });
};
const commands0 = commands;
const transitions0 = transitions;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
if (mode === 'paced') {
  measuring = true;
  const every = 1_000 / rate;
  for (let i = 0; i < count; i++) {
    start(i);
    const next = t0 + (i + 1) * every;
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
  }
} else {
  for (let i = 0; i < count; i++) {
    while (i - completed >= window) await until();
    start(i);
  }
}
while (completed + failed < count) await until();
const elapsedMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const sorted = commitMs.sort((a, b) => a - b);
const result = {
  completed,
  failed,
  elapsedMs,
  commands: commands - commands0,
  // a start is a transition too (its script creates the instance)
  transitions: transitions - transitions0 + count,
  commitP50Ms: percentile(sorted, 50),
  commitP99Ms: percentile(sorted, 99),
  cpuUsPerInstance: (cpu.user + cpu.system) / count,
};
process.stdout.write(`result ${JSON.stringify(result)}\n`);
await bus.close({ timeoutMs: 2_000 });
redis.disconnect();
process.exit(0);
