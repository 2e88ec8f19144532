/**
 * One SDK workload at a time, for profiling (bench/bus.ts measures; this isolates). Examples:
 *
 *   PROFILE_CPU=/tmp/consume.cpuprofile npx tsx bench/profile-bus.ts consume
 *   npx tsx bench/cpuprofile-summary.ts /tmp/consume.cpuprofile 25 server/bus
 *
 * With PROFILE_CPU the V8 profiler records only the measured section (not the setup); sampling every
 * PROFILE_INTERVAL_US (default 250 µs).
 *
 * Modes: consume | publish | single | latency | steps (in-process timings of the per-event steps), and
 * the raw baselines raw-consume | raw-publish | raw-single.
 * Env: PROFILE_N (events, default 100,000), PROFILE_TELEMETRY=0 (bus without telemetry),
 * PROFILE_SUB='{"concurrency":100}' (subscribe options), PROFILE_RATE (latency mode, default 10,000/s).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';
import { Redis } from 'ioredis';
import { Envelope } from '@/server/contracts/envelope';
import { buildEnvelope, createBus, createRedis, type Bus, type SubscribeOptions } from '@/server/bus';
import { decodeEntry } from '@/server/bus/codec';
import { waitForReady } from '@/server/bus/connection';
import { childTraceparent } from '@/server/bus/envelope';
import {
  chunks,
  DEFAULT_TRIM,
  eventField,
  orderPayload,
  pace,
  serializedEnvelope,
  SERVICE,
  SOURCE,
  TYPE,
  type EntryReply,
  type OrderPlaced,
} from './fixtures';
import {
  deletePrefix,
  formatNumber,
  out,
  percentile,
  round,
  serverDelta,
  serverSnapshot,
  until,
  type ServerSnapshot,
} from './support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = Number(process.env.PROFILE_N ?? 100_000);
const PREFIX = `bench-prof-${randomBytes(4).toString('hex')}`;
const SUB: SubscribeOptions = JSON.parse(process.env.PROFILE_SUB ?? '{}') as SubscribeOptions;

/** Profiles `work` when PROFILE_CPU names an output file. */
async function profiled(work: () => Promise<void>): Promise<void> {
  const file = process.env.PROFILE_CPU;
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', {
    interval: Number(process.env.PROFILE_INTERVAL_US ?? 250),
  });
  await session.post('Profiler.start');
  try {
    await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    out(`wrote ${file}`);
  }
}

let admin: Redis;
let cpuAtStart = process.cpuUsage();
let serverAtStart: ServerSnapshot | null = null;
let startedAt = 0;

/** Starts the clock: wall time, this process's CPU, Redis' CPU. */
async function start(): Promise<void> {
  serverAtStart = await serverSnapshot(admin);
  cpuAtStart = process.cpuUsage();
  startedAt = performance.now();
}

async function rate(label: string, n: number): Promise<void> {
  const ms = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuAtStart);
  const server = serverDelta(serverAtStart!, await serverSnapshot(admin));
  out(
    `${label}: ${formatNumber(n)} in ${formatNumber(ms)} ms = ${formatNumber((n / ms) * 1_000)}/s, ` +
      `node CPU ${((cpu.user + cpu.system) / n).toFixed(1)} µs/event, redis CPU ${((server.cpuMs * 1_000) / n).toFixed(1)} µs/event`,
  );
  out(`  redis ms by command: ${JSON.stringify(server.top)}`);
}

async function consume(bus: Bus, raw: Redis): Promise<void> {
  await bus.defineTopic('consume', { maxLen: 10_000_000 });
  const key = bus.keys.stream('consume');
  for (const chunk of chunks(
    Array.from({ length: N }, (_, i) => serializedEnvelope(i)),
    1_000,
  )) {
    const pipeline = raw.pipeline();
    for (const json of chunk) pipeline.xadd(key, '*', 'event', json);
    await pipeline.exec();
  }
  const options = { concurrency: 1_000, batchSize: 1_000, ...SUB, from: 'start' as const };
  await profiled(async () => {
    await start();
    const sub = bus.subscribe('profile', 'consume', () => undefined, options);
    await until(() => sub.stats.handled >= N, 'all handled');
    await rate(`SDK consume ${JSON.stringify(options)}`, N);
    await sub.stop();
    out(`stats ${JSON.stringify(sub.stats)}`);
  });
}

/** The raw baselines of bench/bus.ts, to compare profiles with. */
async function rawMode(mode: string, raw: Redis): Promise<void> {
  const key = `${PREFIX}:raw:${mode}`;
  const serialized = Array.from({ length: N }, (_, i) => serializedEnvelope(i));
  if (mode === 'raw-consume') {
    for (const chunk of chunks(serialized, 1_000)) {
      const pipeline = raw.pipeline();
      for (const json of chunk) pipeline.xadd(key, '*', 'event', json);
      await pipeline.exec();
    }
    await raw.xgroup('CREATE', key, 'g', '0');
  }
  await profiled(async () => {
    await start();
    if (mode === 'raw-publish') {
      for (const chunk of chunks(serialized, 1_000)) {
        const pipeline = raw.pipeline();
        for (const json of chunk) pipeline.xadd(key, ...DEFAULT_TRIM, '*', 'event', json);
        await pipeline.exec();
      }
    } else if (mode === 'raw-single') {
      let next = 0;
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          while (next < N) await raw.xadd(key, ...DEFAULT_TRIM, '*', 'event', serialized[next++]!);
        }),
      );
    } else {
      for (let done = 0; done < N;) {
        const reply = (await raw.xreadgroup(
          'GROUP',
          'g',
          'c',
          'COUNT',
          1_000,
          'STREAMS',
          key,
          '>',
        )) as EntryReply;
        const entries = reply?.[0]?.[1] ?? [];
        for (const [, fields] of entries) JSON.parse(eventField(fields));
        await raw
          .pipeline()
          .xack(key, 'g', ...entries.map(([id]) => id))
          .exec();
        done += entries.length;
      }
    }
    await rate(mode, N);
  });
}

async function publish(bus: Bus): Promise<void> {
  const inputs = Array.from({ length: N }, (_, i) => ({ type: TYPE, data: orderPayload(i) }));
  await profiled(async () => {
    await start();
    for (const chunk of chunks(inputs, 1_000)) await bus.publishBatch('publish', chunk);
    await rate('SDK publishBatch', N);
  });
}

async function single(bus: Bus): Promise<void> {
  const inputs = Array.from({ length: N }, (_, i) => ({ type: TYPE, data: orderPayload(i) }));
  let next = 0;
  await profiled(async () => {
    await start();
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        while (next < N) await bus.publish('single', inputs[next++]!);
      }),
    );
    await rate('SDK publish, 100 in flight', N);
  });
}

async function latency(bus: Bus): Promise<void> {
  const perSec = Number(process.env.PROFILE_RATE ?? 10_000);
  const samples: number[] = [];
  const sub = bus.subscribe<OrderPlaced & { sentAt: number }>(
    'latency',
    'latency',
    (event) => void samples.push(performance.now() - event.data.sentAt),
    SUB,
  );
  await sub.ready;
  const payload = orderPayload(1);
  await profiled(async () => {
    const sent = await pace(perSec, (N / perSec) * 1_000, () => {
      void bus.publish('latency', { type: TYPE, data: { ...payload, sentAt: performance.now() } });
    });
    await until(() => samples.length >= sent, 'all received', 60_000);
  });
  const sorted = Float64Array.from(samples).sort();
  out(
    `SDK latency @ ${perSec}/s ${JSON.stringify(SUB)}: p50 ${round(percentile(sorted, 50))} ms, p99 ${round(percentile(sorted, 99))} ms, max ${round(sorted[sorted.length - 1]!)} ms`,
  );
  await sub.stop();
}

/** Mean time per call of the per-event steps, in-process (no Redis). */
function steps(raw: Redis): void {
  const time = (label: string, fn: (i: number) => unknown, n = 200_000): void => {
    for (let i = 0; i < 20_000; i++) fn(i);
    const started = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    out(`${label.padEnd(52)} ${(((performance.now() - started) * 1_000) / n).toFixed(3).padStart(8)} µs`);
  };
  const data = orderPayload(7);
  const envelope = buildEnvelope(SOURCE, { type: TYPE, data }, undefined);
  const json = serializedEnvelope(7);
  const flat = ['event', json];
  const parsed = JSON.parse(json) as unknown;
  out('Per-event steps (mean per call):');
  time('publish: buildEnvelope (whole)', () => buildEnvelope(SOURCE, { type: TYPE, data }, undefined));
  time('  childTraceparent(undefined)', () => childTraceparent(undefined));
  time('  new Date().toISOString()', () => new Date().toISOString());
  time('publish: JSON.stringify(envelope)', () => JSON.stringify(envelope));
  time('publish: ioredis pipeline.xadd() (queue 1 command)', (i) => {
    if (i % 1_000 === 0) pipeline = raw.pipeline();
    pipeline.xadd('k', ...DEFAULT_TRIM, '*', 'event', json);
  });
  time('publish: raw.pipeline() (create an empty pipeline)', () => raw.pipeline());
  time('consume: decodeEntry (JSON.parse + zod)', () => decodeEntry(flat));
  time('  JSON.parse(event)', () => JSON.parse(json));
  time('  Envelope.safeParse(parsed) (zod)', () => Envelope.safeParse(parsed));
  time('consume: new AbortController()', () => new AbortController());
  time('consume: setTimeout + clearTimeout', () => clearTimeout(setTimeout(() => undefined, 30_000)));
}
let pipeline: ReturnType<Redis['pipeline']>;

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'consume';
  const raw = new Redis(REDIS_URL, { lazyConnect: mode === 'steps' });
  admin = raw;
  if (mode === 'steps') {
    steps(raw);
    raw.disconnect();
    return;
  }
  const redis = createRedis(REDIS_URL, { name: 'eventlens:bench:profile' });
  await waitForReady(redis, 5_000);
  const telemetry = process.env.PROFILE_TELEMETRY === '0' ? false : undefined;
  const bus = createBus({
    redis,
    service: SERVICE,
    prefix: PREFIX,
    ...(telemetry === false ? { telemetry } : {}),
  });
  try {
    if (mode === 'consume') await consume(bus, raw);
    else if (mode === 'publish') await publish(bus);
    else if (mode === 'single') await single(bus);
    else if (mode === 'latency') await latency(bus);
    else if (mode.startsWith('raw-')) await rawMode(mode, raw);
    else throw new Error(`unknown mode ${mode}`);
  } finally {
    await bus.close({ timeoutMs: 2_000 });
    await deletePrefix(raw, PREFIX);
    await Promise.allSettled([redis.quit(), raw.quit()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
