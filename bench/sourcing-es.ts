/**
 * Event-sourced aggregates (server/bus/aggregates), the `es` part of `npm run bench:sourcing`.
 *
 * 1. Appends with their concurrency check (the append script: version check, aggregate stream, topic
 *    stream) against the SDK's single `bus.publish`, both at 1 in flight (one aggregate) and at 100 in
 *    flight (100 hot aggregates, one writer each, tracking its version). Alternating repetitions,
 *    medians. Target: appendRatio (100 in flight) ≥ 0.7.
 * 2. Load latency at 10,000 events per aggregate: p99 of `load` with snapshots (every 100 events; each
 *    aggregate has a tail of 0-99 events after its snapshot) and without (the full history folded).
 *    Target: loadP99Ms ≤ 5 ms. pingP99Ms: a PING timed before each load, the floor the machine sets.
 *
 * Keys live under a per-run prefix, deleted at the end. Knobs (env): BENCH_ES_APPENDS (per repetition
 * at 100 in flight, default 20,000; a tenth of it at 1 in flight), BENCH_ES_REPS (default 3),
 * BENCH_ES_LOADS (loads measured with snapshots, default 500; a tenth without), REDIS_URL. Also reports
 * this process's CPU per append and per publish at 100 in flight (appendCpuUs, publishCpuUs).
 * Run alone: npx tsx bench/sourcing-es.ts
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createBus, createRedis } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { cartSpec, type CartEvent } from '@/server/testing/cart-aggregate';
import { clientCpuMs, deletePrefix, median, out, percentile, round } from './support';

const APPENDS = Number(process.env.BENCH_ES_APPENDS ?? 20_000);
const REPS = Number(process.env.BENCH_ES_REPS ?? 3);
const LOADS = Number(process.env.BENCH_ES_LOADS ?? 500);
const HOT = 100;
const HISTORY = 10_000;
const LOADED_AGGREGATES = 10;
const SNAPSHOT_EVERY = 100;

const event = (i: number): CartEvent => ({
  type: 'cart.item-added',
  data: { sku: `sku-${i % 50}`, quantity: 1 + (i % 5) },
});

/**
 * `count` operations spread over `writers` loops, each working on its own aggregate: ops/s, and this
 * process's CPU per operation (us) — on a shared machine the rate moves with the neighbours' load,
 * the CPU per operation much less.
 */
async function rate(
  writers: number,
  count: number,
  op: (writer: number, i: number) => Promise<unknown>,
): Promise<{ perSec: number; cpuUs: number }> {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (next < count) await op(writer, next++);
    }),
  );
  const perSec = count / ((performance.now() - started) / 1000);
  return { perSec, cpuUs: (clientCpuMs(cpu) * 1000) / count };
}

export async function run(redis: Redis): Promise<Record<string, number>> {
  const prefix = `bench-es-${randomBytes(4).toString('hex')}`;
  const bus = createBus({ redis, service: 'bench-es', prefix, telemetry: false });
  try {
    const carts = bus.aggregates.define(cartSpec({ snapshotEvery: SNAPSHOT_EVERY }));
    const versions = new Map<string, number>();
    const append = (id: string, i: number): Promise<unknown> => {
      const expectedVersion = versions.get(id) ?? 0;
      versions.set(id, expectedVersion + 1);
      return carts.append(id, event(i), { expectedVersion });
    };
    const publish = (i: number): Promise<unknown> =>
      bus.publish('cart-plain', { type: 'cart.item-added', subject: `p-${i % HOT}`, data: event(i).data });

    type Run = { perSec: number; cpuUs: number };
    const series = {
      append1: [] as Run[],
      publish1: [] as Run[],
      append100: [] as Run[],
      publish100: [] as Run[],
    };
    for (let rep = 0; rep < REPS; rep++) {
      series.publish1.push(await rate(1, APPENDS / 10, (_, i) => publish(i)));
      series.append1.push(await rate(1, APPENDS / 10, (_, i) => append(`one-${rep}`, i)));
      series.publish100.push(await rate(HOT, APPENDS, (_, i) => publish(i)));
      series.append100.push(await rate(HOT, APPENDS, (w, i) => append(`hot-${rep}-${w}`, i)));
    }

    // 10,000 events per aggregate, then a snapshot (one load) and a tail of 0-99 events after it
    for (let a = 0; a < LOADED_AGGREGATES; a++) {
      const id = `big-${a}`;
      for (let v = 0; v < HISTORY; v += 100) {
        await carts.append(
          id,
          Array.from({ length: 100 }, (_, i) => event(v + i)),
          { expectedVersion: v },
        );
      }
      await carts.load(id);
      const tail = Math.floor((a * SNAPSHOT_EVERY) / LOADED_AGGREGATES);
      if (tail > 0) {
        await carts.append(
          id,
          Array.from({ length: tail }, (_, i) => event(i)),
          { expectedVersion: HISTORY },
        );
      }
    }
    // a PING before each load: the same Redis and event loop without the load's work, so that a p99
    // set by the machine's other tenants shows as such
    const pings: number[] = [];
    const latencies = async (snapshot: boolean, count: number): Promise<number[]> => {
      const ms: number[] = [];
      for (let i = 0; i < count; i++) {
        let started = performance.now();
        await redis.ping();
        pings.push(performance.now() - started);
        started = performance.now();
        await carts.load(`big-${i % LOADED_AGGREGATES}`, { snapshot });
        ms.push(performance.now() - started);
      }
      return ms.sort((a, b) => a - b);
    };
    const withSnapshots = await latencies(true, LOADS);
    const withoutSnapshots = await latencies(false, Math.max(20, Math.floor(LOADS / 10)));
    pings.sort((a, b) => a - b);

    const rates = (runs: Run[]): number => median(runs.map((r) => r.perSec));
    const cpu = (runs: Run[]): number => round(median(runs.map((r) => r.cpuUs)), 1);
    // ratios are medians of adjacent pairs: a neighbour's burst hits both sides of a pair alike
    const ratio = (a: Run[], b: Run[]): number =>
      round(median(a.map((run, i) => run.perSec / b[i]!.perSec)), 2);
    return {
      appendsPerSec: Math.round(rates(series.append100)),
      publishPerSec: Math.round(rates(series.publish100)),
      appendRatio: ratio(series.append100, series.publish100),
      appendsPerSec1: Math.round(rates(series.append1)),
      publishPerSec1: Math.round(rates(series.publish1)),
      appendRatio1: ratio(series.append1, series.publish1),
      appendCpuUs: cpu(series.append100),
      publishCpuUs: cpu(series.publish100),
      loadP50Ms: round(percentile(withSnapshots, 50), 2),
      loadP99Ms: round(percentile(withSnapshots, 99), 2),
      loadP99NoSnapshotMs: round(percentile(withoutSnapshots, 99), 1),
      pingP99Ms: round(percentile(pings, 99), 2),
    };
  } finally {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    name: 'eventlens:bench:es',
  });
  await waitForReady(redis, 5_000);
  try {
    const figures = await run(redis);
    for (const [name, value] of Object.entries(figures)) out(`${name.padEnd(22)} ${value}`);
  } finally {
    redis.disconnect();
  }
}
