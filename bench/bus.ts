/**
 * `npm run bench:bus`: the event bus SDK against raw ioredis (and BullMQ) in one run, on one machine.
 *
 * 1. Publish: raw pipelined XADD of pre-serialized envelopes vs `bus.publishBatch`; raw single XADD vs
 *    `bus.publish`, both with 100 in flight.
 * 2. Consume: raw XREADGROUP COUNT 1000 + XACK + JSON.parse vs `bus.subscribe` vs a BullMQ Worker.
 * 3. End-to-end latency (publish -> handler entry) at a paced 1,000/s and 10,000/s, SDK and raw.
 *
 * Every key lives under a per-run prefix and is deleted at the end (BullMQ's queues too). Prints a table
 * and writes bench/results/bus.json. Knobs (env): BENCH_SCALE (event counts, default 1), BENCH_REPS
 * (throughput repetitions, default 7; ratios are medians of adjacent SDK/raw pairs), BENCH_PHASES (publish,consume,bullmq,latency),
 * BENCH_LATENCY_MS (measured window per rate, default 5000), BENCH_OUT, REDIS_URL.
 */
import { execSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  buildEnvelope,
  createBus,
  createRedis,
  type Bus,
  type PublishInput,
  type Subscription,
} from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import {
  chunks,
  DEFAULT_TRIM,
  eventField,
  orderPayload,
  pace,
  sequenceOf,
  serializedEnvelope,
  SERVICE,
  SOURCE,
  TYPE,
  type EntryReply,
  type OrderPlaced,
} from './fixtures';
import {
  clientCpuMs,
  countPrefix,
  deletePrefix,
  formatNumber,
  median,
  out,
  percentile,
  round,
  serverDelta,
  serverSnapshot,
  table,
  until,
  type ServerDelta,
} from './support';

// ---------------------------------------------------------------------------------------------- config

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 7));
const ALL_PHASES = ['publish', 'consume', 'bullmq', 'latency'] as const;
type Phase = (typeof ALL_PHASES)[number];
const PHASES = new Set((process.env.BENCH_PHASES ?? ALL_PHASES.join(',')).split(',').map((p) => p.trim()));
const FULL_RUN = ALL_PHASES.every((p) => PHASES.has(p));
const OUT_FILE =
  process.env.BENCH_OUT ?? (FULL_RUN ? 'bench/results/bus.json' : 'bench/results/bus-partial.json');

const scaled = (n: number): number => Math.max(1_000, Math.round((n * SCALE) / 1_000) * 1_000);
const N_PUBLISH = scaled(100_000);
const N_PUBLISH_SINGLE = scaled(30_000);
const N_CONSUME = scaled(100_000);
const N_BULLMQ = scaled(50_000);
const N_WARMUP = scaled(30_000);
const PIPELINE = 1_000;
const IN_FLIGHT = 100;
const LATENCY_RATES = [1_000, 10_000] as const;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 5_000);
const LATENCY_WARMUP_MS = 500;
// room for two batches: the next read is in flight while one batch is dispatched (read-ahead)
const SDK_CONSUME = { concurrency: 2_000, batchSize: 1_000 } as const;
const BULLMQ_CONCURRENCY = 50;

const LOAD_AT_START = loadavg().map((l) => round(l, 2));
const PREFIX = `bench-bus-${randomBytes(4).toString('hex')}`;

const TARGETS = {
  publishVsRaw: 0.7,
  consumeVsRaw: 0.7,
  consumeVsBullmq: 3,
  p50At1000: 0.5,
  p99At1000: 5,
};

// ---------------------------------------------------------------------------------------------- measuring

interface Run {
  n: number;
  ms: number;
  perSec: number;
  /** CPU of this Node process during the run, per event (µs). */
  clientCpuUsPerEvent: number;
  /** CPU of Redis' main thread during the run, per event (µs). Server-wide: other clients count too. */
  serverCpuUsPerEvent: number;
  server: ServerDelta;
}

let admin: Redis;
/** What must be closed before the keys can be deleted for good (an interrupt closes these first). */
const closers = new Set<() => Promise<unknown>>();

async function measure(n: number, work: () => Promise<void>): Promise<Run> {
  const before = await serverSnapshot(admin);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const clientMs = clientCpuMs(cpu);
  const server = serverDelta(before, await serverSnapshot(admin));
  return {
    n,
    ms: round(ms, 1),
    perSec: Math.round((n / ms) * 1_000),
    clientCpuUsPerEvent: round((clientMs * 1_000) / n, 2),
    serverCpuUsPerEvent: round((server.cpuMs * 1_000) / n, 2),
    server,
  };
}

interface Series {
  label: string;
  unit: string;
  runs: Run[];
  /** Median of the runs' rates. */
  perSec: number;
}

function series(label: string, unit: string, runs: Run[]): Series {
  return { label, unit, runs, perSec: Math.round(median(runs.map((r) => r.perSec))) };
}

function progress(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

// ---------------------------------------------------------------------------------------------- 1. publish

interface PublishResults {
  rawPipelined: Series;
  sdkBatch: Series;
  rawSingle: Series;
  sdkSingle: Series;
}

async function benchPublish(bus: Bus, raw: Redis): Promise<PublishResults> {
  out(
    `Publish: ${formatNumber(N_PUBLISH)} events batched, ${formatNumber(N_PUBLISH_SINGLE)} single; ${REPS} runs each`,
  );
  const serialized = Array.from({ length: N_PUBLISH }, (_, i) => serializedEnvelope(i));
  const inputs: PublishInput[] = Array.from({ length: N_PUBLISH }, (_, i) => ({
    type: TYPE,
    data: orderPayload(i),
  }));
  const serializedChunks = chunks(serialized, PIPELINE);
  const inputChunks = chunks(inputs, PIPELINE);

  const rawPipelined = async (key: string, n: number): Promise<void> => {
    for (const chunk of serializedChunks.slice(0, n / PIPELINE)) {
      const pipeline = raw.pipeline();
      for (const json of chunk) pipeline.xadd(key, ...DEFAULT_TRIM, '*', 'event', json);
      const results = await pipeline.exec();
      if (!results || results.some(([error]) => error)) throw new Error('raw XADD pipeline failed');
    }
  };
  const sdkBatch = async (topic: string, n: number): Promise<void> => {
    for (const chunk of inputChunks.slice(0, n / PIPELINE)) await bus.publishBatch(topic, chunk);
  };
  const inFlight = async (n: number, one: (i: number) => Promise<unknown>): Promise<void> => {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < n) await one(next++);
      }),
    );
  };
  const rawSingle = (key: string, n: number): Promise<void> =>
    inFlight(n, (i) => raw.xadd(key, ...DEFAULT_TRIM, '*', 'event', serialized[i]!));
  const sdkSingle = (topic: string, n: number): Promise<void> =>
    inFlight(n, (i) => bus.publish(topic, inputs[i]!));

  const variants = {
    rawPipelined: (rep: string, n: number) => rawPipelined(`${PREFIX}:raw:pub-batch-${rep}`, n),
    sdkBatch: (rep: string, n: number) => sdkBatch(`pub-batch-${rep}`, n),
    rawSingle: (rep: string, n: number) => rawSingle(`${PREFIX}:raw:pub-single-${rep}`, n),
    sdkSingle: (rep: string, n: number) => sdkSingle(`pub-single-${rep}`, n),
  };
  const order = Object.keys(variants) as (keyof typeof variants)[];
  const runs: Record<keyof typeof variants, Run[]> = {
    rawPipelined: [],
    sdkBatch: [],
    rawSingle: [],
    sdkSingle: [],
  };

  for (const name of order)
    await variants[name](
      'warmup',
      Math.min(N_WARMUP, name.endsWith('Single') ? N_PUBLISH_SINGLE : N_PUBLISH),
    );
  await dropStreams(raw);
  for (let rep = 0; rep < REPS; rep++) {
    for (const name of rep % 2 === 0 ? order : [...order].reverse()) {
      const n = name.endsWith('Single') ? N_PUBLISH_SINGLE : N_PUBLISH;
      const run = await measure(n, () => variants[name](`r${rep}`, n));
      runs[name].push(run);
      progress(`publish ${name} run ${rep + 1}: ${formatNumber(run.perSec)}/s`);
      await dropStreams(raw);
    }
  }
  return {
    rawPipelined: series('Publish: raw pipelined XADD (1,000/pipeline)', 'events/s', runs.rawPipelined),
    sdkBatch: series('Publish: SDK publishBatch (1,000/call)', 'events/s', runs.sdkBatch),
    rawSingle: series(`Publish: raw XADD, ${IN_FLIGHT} in flight`, 'events/s', runs.rawSingle),
    sdkSingle: series(`Publish: SDK publish, ${IN_FLIGHT} in flight`, 'events/s', runs.sdkSingle),
  };
}

/**
 * Frees the memory of the streams written so far (keys stay under the prefix, so cleanup also gets
 * them). DEL, not UNLINK: UNLINK frees in a Redis background thread, which then competes with the
 * next run for this machine's two cores (measured: both raw and SDK runs got 10-35 % slower per rep).
 */
async function dropStreams(redis: Redis): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000, 'TYPE', 'stream');
    const drop = keys.filter((k) => !k.includes('{consume') && !k.endsWith(':telemetry'));
    if (drop.length > 0) await redis.del(...drop);
    cursor = next;
  } while (cursor !== '0');
}

// ---------------------------------------------------------------------------------------------- 2. consume

interface ConsumeResults {
  raw: Series;
  sdk: Series;
  sdkStats: Subscription['stats'][];
}

async function rawConsume(redis: Redis, key: string, group: string, n: number): Promise<void> {
  await redis.xgroup('CREATE', key, group, '0');
  let handled = 0;
  let parsed = 0;
  while (handled < n) {
    const reply = (await redis.xreadgroup(
      'GROUP',
      group,
      'raw-consumer',
      'COUNT',
      1_000,
      'STREAMS',
      key,
      '>',
    )) as EntryReply;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length === 0) throw new Error(`raw consumer ran dry after ${handled} of ${n}`);
    const ids: string[] = [];
    for (const [id, fields] of entries) {
      const event = JSON.parse(eventField(fields)) as { id?: string };
      if (event.id) parsed += 1; // the "handler"
      ids.push(id);
    }
    const acked = await redis
      .pipeline()
      .xack(key, group, ...ids)
      .exec();
    if (!acked || acked[0]?.[0]) throw new Error('raw XACK failed');
    handled += entries.length;
  }
  if (parsed !== n) throw new Error(`raw consumer parsed ${parsed} of ${n}`);
}

/** Measured from subscribe() until the last event is handled and acked (`stats.handled` counts after the ack). */
async function sdkConsume(
  bus: Bus,
  topic: string,
  group: string,
  n: number,
): Promise<{ run: Run; stats: Subscription['stats'] }> {
  let calls = 0;
  let subscription: Subscription | undefined;
  const run = await measure(n, async () => {
    const sub = (subscription = bus.subscribe(group, topic, () => void (calls += 1), {
      ...SDK_CONSUME,
      from: 'start',
    }));
    await until(() => sub.stats.handled >= n, `SDK handled ${n} (at ${sub.stats.handled})`);
  });
  await subscription!.stop();
  if (calls < n) throw new Error(`handler ran ${calls} times for ${n} events`);
  return { run, stats: { ...subscription!.stats } };
}

async function benchConsume(bus: Bus, raw: Redis): Promise<ConsumeResults> {
  out(`Consume: ${formatNumber(N_CONSUME)} pre-published events per run; ${REPS} runs each`);
  // pre-published by the SDK itself, so the entries are exactly what it writes; no trimming during the bench
  for (const [topic, n] of [
    ['consume-warmup', N_WARMUP],
    ['consume', N_CONSUME],
  ] as const) {
    await bus.defineTopic(topic, { maxLen: 10_000_000 });
    const inputs = Array.from({ length: n }, (_, i) => ({ type: TYPE, data: orderPayload(i) }));
    for (const chunk of chunks(inputs, PIPELINE)) await bus.publishBatch(topic, chunk);
  }
  const key = bus.keys.stream('consume');
  await rawConsume(raw, bus.keys.stream('consume-warmup'), 'raw-warmup', N_WARMUP);
  await sdkConsume(bus, 'consume-warmup', 'sdk-warmup', N_WARMUP);

  const rawRuns: Run[] = [];
  const sdkRuns: Run[] = [];
  const sdkStats: Subscription['stats'][] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const steps = [
      async () => {
        const run = await measure(N_CONSUME, () => rawConsume(raw, key, `raw-r${rep}`, N_CONSUME));
        rawRuns.push(run);
        progress(`consume raw run ${rep + 1}: ${formatNumber(run.perSec)}/s`);
      },
      async () => {
        const { run, stats } = await sdkConsume(bus, 'consume', `sdk-r${rep}`, N_CONSUME);
        sdkRuns.push(run);
        sdkStats.push(stats);
        progress(`consume SDK run ${rep + 1}: ${formatNumber(run.perSec)}/s`);
      },
    ];
    for (const step of rep % 2 === 0 ? steps : steps.reverse()) await step();
  }
  await raw.unlink(key, bus.keys.stream('consume-warmup'));
  return {
    raw: series('Consume: raw XREADGROUP 1,000 + XACK + JSON.parse', 'events/s', rawRuns),
    sdk: series(
      `Consume: SDK subscribe (concurrency ${SDK_CONSUME.concurrency}, batch ${SDK_CONSUME.batchSize})`,
      'events/s',
      sdkRuns,
    ),
    sdkStats,
  };
}

// ---------------------------------------------------------------------------------------------- BullMQ

interface BullmqResults {
  addBulk: Series;
  worker: Series;
}

async function benchBullmq(): Promise<BullmqResults> {
  out(`BullMQ: ${formatNumber(N_BULLMQ)} jobs, Worker concurrency ${BULLMQ_CONCURRENCY}, removeOnComplete`);
  const url = new URL(REDIS_URL);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    maxRetriesPerRequest: null,
  };
  const prefix = `${PREFIX}:bull`;
  const jobs = Array.from({ length: N_BULLMQ }, (_, i) => ({
    name: TYPE,
    data: orderPayload(i),
    opts: { removeOnComplete: true, removeOnFail: true },
  }));

  const once = async (name: string, n: number): Promise<{ add: Run; work: Run }> => {
    const queue = new Queue(name, { connection, prefix });
    const worker = new Worker(name, async () => undefined, {
      connection,
      prefix,
      concurrency: BULLMQ_CONCURRENCY,
      removeOnComplete: { count: 0 },
      autorun: false,
    });
    const close = (): Promise<unknown> => worker.close(true).finally(() => queue.close());
    closers.add(close);
    try {
      await queue.waitUntilReady();
      await worker.waitUntilReady();
      const add = await measure(n, async () => {
        for (const chunk of chunks(jobs.slice(0, n), PIPELINE)) await queue.addBulk(chunk);
      });
      let completed = 0;
      let failed = 0;
      worker.on('completed', () => void (completed += 1));
      worker.on('failed', () => void (failed += 1));
      const work = await measure(n, async () => {
        void worker.run();
        await until(() => completed + failed >= n, `BullMQ completed ${n} (at ${completed})`);
      });
      if (failed > 0) throw new Error(`${failed} BullMQ jobs failed`);
      return { add, work };
    } finally {
      closers.delete(close);
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  };

  await once('warmup', N_WARMUP);
  const bullReps = Math.max(1, Math.min(REPS, 2));
  const addRuns: Run[] = [];
  const workRuns: Run[] = [];
  for (let rep = 0; rep < bullReps; rep++) {
    const { add, work } = await once(`orders-r${rep}`, N_BULLMQ);
    addRuns.push(add);
    workRuns.push(work);
    progress(
      `BullMQ run ${rep + 1}: addBulk ${formatNumber(add.perSec)}/s, worker ${formatNumber(work.perSec)}/s`,
    );
  }
  return {
    addBulk: series('BullMQ: Queue.addBulk (1,000/call)', 'jobs/s', addRuns),
    worker: series(`Consume: BullMQ Worker (concurrency ${BULLMQ_CONCURRENCY})`, 'jobs/s', workRuns),
  };
}

// ---------------------------------------------------------------------------------------------- 3. latency

interface LatencyRun {
  rate: number;
  sent: number;
  received: number;
  measured: number;
  achievedRate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  publishErrors: number;
  /** CPU of this process while sending (publisher and consumer share it), % of one core. */
  nodeCpuPct: number;
}

function summarize(
  rate: number,
  sent: number,
  received: number,
  samples: number[],
  windowMs: number,
  errors: number,
  nodeCpuPct: number,
): LatencyRun {
  const sorted = Float64Array.from(samples).sort();
  return {
    rate,
    sent,
    received,
    measured: sorted.length,
    achievedRate: Math.round((sorted.length / windowMs) * 1_000),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    publishErrors: errors,
    nodeCpuPct: Math.round(nodeCpuPct),
  };
}

type Stamped = OrderPlaced & { sentAt: number };

async function sdkLatency(bus: Bus, rate: number): Promise<LatencyRun> {
  const topic = `latency-${rate}`;
  const samples: number[] = [];
  let received = 0;
  let measureFrom = Number.POSITIVE_INFINITY;
  const subscription = bus.subscribe<Stamped>(`latency-${rate}`, topic, (event) => {
    const now = performance.now();
    received += 1;
    if (event.data.sentAt >= measureFrom) samples.push(now - event.data.sentAt);
  });
  await subscription.ready;
  const payloads = Array.from({ length: 1_000 }, (_, i) => orderPayload(i));
  let errors = 0;
  setTimeout(() => (measureFrom = performance.now()), LATENCY_WARMUP_MS);
  const cpu = process.cpuUsage();
  const pacing = performance.now();
  const sent = await pace(rate, LATENCY_WARMUP_MS + LATENCY_MS, (i) => {
    const sentAt = performance.now();
    bus
      .publish(topic, { type: TYPE, data: { ...payloads[i % 1_000]!, sentAt } })
      .catch(() => void (errors += 1));
  });
  const cpuPct = (clientCpuMs(cpu) / (performance.now() - pacing)) * 100;
  await until(() => received + errors >= sent, `SDK latency: ${sent} received`, 30_000);
  await subscription.stop();
  return summarize(rate, sent, received, samples, LATENCY_MS, errors, cpuPct);
}

async function rawLatency(raw: Redis, rate: number): Promise<LatencyRun> {
  const key = `${PREFIX}:raw:latency-${rate}`;
  const group = 'latency';
  await raw.xgroup('CREATE', key, group, '$', 'MKSTREAM');
  const reader = raw.duplicate();
  reader.on('error', () => undefined);
  const closeReader = async (): Promise<void> => reader.disconnect();
  closers.add(closeReader);
  const samples: number[] = [];
  let received = 0;
  let measureFrom = Number.POSITIVE_INFINITY;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      let reply: EntryReply;
      try {
        reply = (await reader.xreadgroup(
          'GROUP',
          group,
          'raw-consumer',
          'COUNT',
          1_000,
          'BLOCK',
          1_000,
          'STREAMS',
          key,
          '>',
        )) as EntryReply;
      } catch (error) {
        if (stopped) return;
        throw error;
      }
      const entries = reply?.[0]?.[1] ?? [];
      const ids: string[] = [];
      for (const [id, fields] of entries) {
        const event = JSON.parse(eventField(fields)) as { data: Stamped };
        const now = performance.now(); // "handler entry"
        received += 1;
        if (event.data.sentAt >= measureFrom) samples.push(now - event.data.sentAt);
        ids.push(id);
      }
      if (ids.length > 0) raw.xack(key, group, ...ids).catch(() => undefined);
    }
  })();
  const base = Array.from({ length: 1_000 }, (_, i) =>
    buildEnvelope(SOURCE, { type: TYPE, data: orderPayload(i) }, sequenceOf(i + 1)),
  );
  let errors = 0;
  setTimeout(() => (measureFrom = performance.now()), LATENCY_WARMUP_MS);
  const cpu = process.cpuUsage();
  const pacing = performance.now();
  const sent = await pace(rate, LATENCY_WARMUP_MS + LATENCY_MS, (i) => {
    const sentAt = performance.now();
    const envelope = base[i % 1_000]!;
    const json = JSON.stringify({ ...envelope, data: { ...(envelope.data as OrderPlaced), sentAt } });
    raw.xadd(key, ...DEFAULT_TRIM, '*', 'event', json).catch(() => void (errors += 1));
  });
  const cpuPct = (clientCpuMs(cpu) / (performance.now() - pacing)) * 100;
  await until(() => received + errors >= sent, `raw latency: ${sent} received`, 30_000);
  stopped = true;
  closers.delete(closeReader);
  reader.disconnect();
  await loop;
  await raw.unlink(key);
  return summarize(rate, sent, received, samples, LATENCY_MS, errors, cpuPct);
}

interface LatencyResults {
  sdk: Record<string, LatencyRun>;
  raw: Record<string, LatencyRun>;
}

async function benchLatency(bus: Bus, raw: Redis): Promise<LatencyResults> {
  out(
    `Latency: publish -> handler entry, ${LATENCY_MS / 1_000} s per rate after ${LATENCY_WARMUP_MS} ms warm-up; ` +
      'SDK: bus.publish and bus.subscribe with default options (concurrency 10, batchSize 100)',
  );
  const results: LatencyResults = { sdk: {}, raw: {} };
  for (const rate of LATENCY_RATES) {
    results.raw[rate] = await rawLatency(raw, rate);
    progress(`latency raw ${rate}/s: p50 ${results.raw[rate]!.p50} ms, p99 ${results.raw[rate]!.p99} ms`);
    results.sdk[rate] = await sdkLatency(bus, rate);
    progress(`latency SDK ${rate}/s: p50 ${results.sdk[rate]!.p50} ms, p99 ${results.sdk[rate]!.p99} ms`);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------- report

function sdkSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync('server/bus').sort()) {
    if (file.endsWith('.ts') && !file.endsWith('.test.ts'))
      hash.update(file).update(readFileSync(`server/bus/${file}`));
  }
  return hash.digest('hex').slice(0, 16);
}

function git(args: string): string | null {
  try {
    return execSync(`git ${args}`, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

const ratio = (a: number, b: number): number => round(a / b, 3);

/**
 * SDK against raw as the median of per-run ratios, each run paired with the raw run next to it in
 * time. This machine's speed drifts by ±20 % over a minute (CPU steal, frequency); a pair shares the
 * drift, so its ratio does not, where a ratio of two medians mixes runs minutes apart.
 */
function pairedRatio(sdk: Series, raw: Series): number {
  const n = Math.min(sdk.runs.length, raw.runs.length);
  return round(median(Array.from({ length: n }, (_, i) => sdk.runs[i]!.perSec / raw.runs[i]!.perSec)), 3);
}
const times = (value: number | undefined): string => (value === undefined ? '' : `${value.toFixed(2)}×`);

interface Results {
  publish?: PublishResults;
  consume?: ConsumeResults;
  bullmq?: BullmqResults;
  latency?: LatencyResults;
}

function report(
  results: Results,
  elapsedMs: number,
  redisVersion: string,
  cleanup: { deleted: number; left: number },
): void {
  const { publish, consume, bullmq, latency } = results;
  const ratios: Record<string, number> = {};
  if (publish) {
    ratios.publishVsRaw = pairedRatio(publish.sdkBatch, publish.rawPipelined);
    ratios.publishSingleVsRawSingle = pairedRatio(publish.sdkSingle, publish.rawSingle);
  }
  if (consume) ratios.consumeVsRaw = pairedRatio(consume.sdk, consume.raw);
  if (consume && bullmq) ratios.consumeVsBullmq = ratio(consume.sdk.perSec, bullmq.worker.perSec);

  const rows: string[][] = [];
  const cpu = (s: Series): string => {
    const r = s.runs[s.runs.length - 1]!;
    return `${r.clientCpuUsPerEvent.toFixed(1)} / ${r.serverCpuUsPerEvent.toFixed(1)}`;
  };
  const row = (s: Series, vsRaw?: number, vsBull?: number): void =>
    void rows.push([s.label, formatNumber(s.perSec), s.unit, times(vsRaw), times(vsBull), cpu(s)]);
  if (publish) {
    row(publish.rawPipelined);
    row(publish.sdkBatch, ratios.publishVsRaw);
    row(publish.rawSingle);
    row(publish.sdkSingle, ratios.publishSingleVsRawSingle);
  }
  if (bullmq) row(bullmq.addBulk);
  if (consume) {
    row(consume.raw);
    row(consume.sdk, ratios.consumeVsRaw, ratios.consumeVsBullmq);
  }
  if (bullmq) row(bullmq.worker);
  if (latency) {
    for (const rate of LATENCY_RATES) {
      const r = latency.raw[rate]!;
      const s = latency.sdk[rate]!;
      for (const p of ['p50', 'p99'] as const) {
        rows.push([`Latency raw @ ${formatNumber(rate)}/s ${p}`, r[p].toFixed(3), 'ms', '', '', '']);
        rows.push([
          `Latency SDK @ ${formatNumber(rate)}/s ${p}`,
          s[p].toFixed(3),
          'ms',
          times(s[p] / r[p]),
          '',
          '',
        ]);
      }
    }
  }
  out();
  out(table(['Benchmark', 'Value', 'Unit', 'vs raw', 'vs BullMQ', 'CPU µs/ev node/redis'], rows));
  out(
    '  (throughput = median of runs; "vs raw" = median of the ratios of adjacent SDK and raw runs; for latency SDK/raw, lower is better; CPU from the last run)',
  );

  const verdicts: { target: string; value: number; goal: string; pass: boolean }[] = [];
  const check = (target: string, value: number | undefined, goal: number, atMost = false): void => {
    if (value === undefined || Number.isNaN(value)) return;
    verdicts.push({
      target,
      value,
      goal: `${atMost ? '≤' : '≥'} ${goal}`,
      pass: atMost ? value <= goal : value >= goal,
    });
  };
  check('SDK batched publish / raw pipelined XADD', ratios.publishVsRaw, TARGETS.publishVsRaw);
  check('SDK consume / raw consume', ratios.consumeVsRaw, TARGETS.consumeVsRaw);
  check('SDK consume / BullMQ worker', ratios.consumeVsBullmq, TARGETS.consumeVsBullmq);
  check('SDK e2e p50 @ 1,000/s (ms)', latency?.sdk[1_000]?.p50, TARGETS.p50At1000, true);
  check('SDK e2e p99 @ 1,000/s (ms)', latency?.sdk[1_000]?.p99, TARGETS.p99At1000, true);
  out();
  out(
    table(
      ['Target', 'Value', 'Goal', 'Result'],
      verdicts.map((v) => [v.target, String(v.value), v.goal, v.pass ? 'PASS' : 'MISS']),
    ),
  );
  if (latency) {
    out();
    out(
      table(
        ['Latency detail', 'sent', 'measured', 'p50', 'p90', 'p99', 'max ms', 'errors', 'node CPU'],
        (['raw', 'sdk'] as const).flatMap((who) =>
          LATENCY_RATES.map((rate) => {
            const r = latency[who][rate]!;
            return [
              `${who} @ ${rate}/s`,
              String(r.sent),
              String(r.measured),
              String(r.p50),
              String(r.p90),
              String(r.p99),
              String(r.max),
              String(r.publishErrors),
              `${r.nodeCpuPct}%`,
            ];
          }),
        ),
      ),
    );
  }
  if (consume)
    out(`\nSDK consume stats per run: ${consume.sdkStats.map((s) => JSON.stringify(s)).join(' ')}`);
  out(
    `\nRedis server time by command, last run, ms (server-wide INFO commandstats: other clients count too):`,
  );
  for (const s of [publish?.rawPipelined, publish?.sdkBatch, consume?.raw, consume?.sdk, bullmq?.worker]) {
    if (!s) continue;
    const top = s.runs[s.runs.length - 1]!.server.top;
    out(
      `  ${s.label}: ${Object.entries(top)
        .map(([cmd, v]) => `${cmd} ${v.ms} (${formatNumber(v.calls)} calls)`)
        .join(', ')}`,
    );
  }

  const json = {
    ratios,
    latencyMs: latency
      ? Object.fromEntries(
          LATENCY_RATES.map((rate) => [
            String(rate),
            { p50: latency.sdk[rate]!.p50, p99: latency.sdk[rate]!.p99 },
          ]),
        )
      : undefined,
    targets: verdicts,
    throughput: {
      publish: publish && {
        rawPipelined: publish.rawPipelined.perSec,
        sdkBatch: publish.sdkBatch.perSec,
        rawSingle: publish.rawSingle.perSec,
        sdkSingle: publish.sdkSingle.perSec,
      },
      consume: consume && { raw: consume.raw.perSec, sdk: consume.sdk.perSec, bullmq: bullmq?.worker.perSec },
      bullmqAddBulk: bullmq?.addBulk.perSec,
      unit: 'events/s (median of runs)',
    },
    latency,
    runs: { publish, consume, bullmq },
    config: {
      scale: SCALE,
      reps: REPS,
      phases: [...PHASES],
      nPublish: N_PUBLISH,
      nPublishSingle: N_PUBLISH_SINGLE,
      nConsume: N_CONSUME,
      nBullmq: N_BULLMQ,
      pipeline: PIPELINE,
      inFlight: IN_FLIGHT,
      sdkConsume: SDK_CONSUME,
      bullmqConcurrency: BULLMQ_CONCURRENCY,
      latencyWindowMs: LATENCY_MS,
      payloadBytes: JSON.stringify(orderPayload(0)).length,
      envelopeBytes: serializedEnvelope(0).length,
    },
    node: process.version,
    redis: redisVersion,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? null,
    loadAverage: { atStart: LOAD_AT_START, atEnd: loadavg().map((l) => round(l, 2)) },
    date: new Date().toISOString(),
    elapsedMs: Math.round(elapsedMs),
    sdk: {
      gitHead: git('rev-parse --short HEAD'),
      dirty: Boolean(git('status --porcelain server/bus')),
      sourceHash: sdkSourceHash(),
    },
    cleanup,
  };
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, `${JSON.stringify(json, null, 2)}\n`);
  out(
    `\nWrote ${OUT_FILE}; ${formatNumber(elapsedMs / 1_000, 1)} s in all; cleanup deleted ${cleanup.deleted} keys, ${cleanup.left} left.`,
  );
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = performance.now();
  admin = new Redis(REDIS_URL, { connectionName: 'eventlens:bench:admin' });
  const raw = new Redis(REDIS_URL, { connectionName: 'eventlens:bench:raw' });
  const redis = createRedis(REDIS_URL, { name: 'eventlens:bench:sdk' });
  for (const connection of [admin, raw, redis]) connection.on('error', () => undefined);
  let bus: Bus | undefined;
  /** Writers first (subscriptions, BullMQ, our connections), then the keys, then the admin connection. */
  const closeAll = async (): Promise<{ deleted: number; left: number }> => {
    await Promise.allSettled([...closers].map((close) => close()));
    await bus?.close({ timeoutMs: 2_000 }).catch(() => undefined);
    await Promise.allSettled([redis.quit(), raw.quit()]);
    let deleted = 0;
    let left = -1;
    try {
      deleted = await deletePrefix(admin, PREFIX);
      left = await countPrefix(admin, PREFIX);
    } finally {
      await admin.quit().catch(() => undefined);
    }
    return { deleted, left };
  };
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: cleaning up\n');
    // closing connections under running phases rejects their commands: that is expected now
    process.on('unhandledRejection', () => undefined);
    void closeAll()
      .then(
        ({ deleted, left }) => process.stderr.write(`deleted ${deleted} keys, ${left} left\n`),
        (error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`),
      )
      .finally(() => process.exit(130));
  });

  const results: Results = {};
  let redisVersion = '';
  let cleanup = { deleted: 0, left: -1 };
  try {
    await Promise.all([waitForReady(redis, 5_000), admin.ping(), raw.ping()]);
    redisVersion = /redis_version:(\S+)/.exec(await admin.info('server'))?.[1] ?? 'unknown';
    bus = createBus({ redis, service: SERVICE, prefix: PREFIX });
    out(`EventLens bus benchmark · node ${process.version} · redis ${redisVersion} · key prefix ${PREFIX}`);
    out(
      `payload ${JSON.stringify(orderPayload(0)).length} B, envelope ${serializedEnvelope(0).length} B · phases: ${[...PHASES].join(', ')}`,
    );
    out(`${availableParallelism()} CPUs · load average ${LOAD_AT_START.join(' ')}`);
    if (LOAD_AT_START[0]! > availableParallelism() / 2)
      out('warning: the machine is busy; throughput and tail latency will be noisy (ratios hold up better)');
    const want = (phase: Phase): boolean => PHASES.has(phase);
    if (want('publish')) results.publish = await benchPublish(bus, raw);
    if (want('consume')) results.consume = await benchConsume(bus, raw);
    if (want('bullmq')) results.bullmq = await benchBullmq();
    if (want('latency')) results.latency = await benchLatency(bus, raw);
  } finally {
    cleanup = await closeAll();
  }
  report(results, performance.now() - started, redisVersion, cleanup);
}

main().then(
  () => {
    // everything is closed: the process should exit on its own; if a handle leaks, say so and leave anyway
    setTimeout(() => {
      process.stderr.write('bench: handles still open 5 s after closing everything; exiting\n');
      process.exit(2);
    }, 5_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
