/**
 * Projection catch-up (server/bus/projections), part of `npm run bench:sourcing` (bench/sourcing.ts).
 *
 * Measures how fast a projection works through a backlog: BENCH_PROJ_EVENTS events (default 200,000,
 * ~240-byte order payloads) already on 2 topics, then a counting projection (counters per type and
 * channel, revenue per region in a sorted set: increments summed per batch, so the figure is the
 * projection machinery's; a write to a key per event adds ~1.3 us of Redis time per event) is timed from
 * `register` until every event is committed (read, decoded, deduped on the event id, applied,
 * committed with its checkpoint). Figure: projectionCatchUpPerSec (target ≥ 50,000), beside
 * projectionRawReadPerSec, the same backlog read with XRANGE + JSON.parse only. Knobs (env):
 * BENCH_PROJ_EVENTS, BENCH_PROJ_BATCH (entries per topic per batch, default 1,000), REDIS_URL.
 * Every key lives under a per-run prefix, deleted at the end.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createBus, createRedis, defineProjection, type Model } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { chunks, orderPayload, type OrderPlaced } from './fixtures';
import { clientCpuMs, deletePrefix, out, round, serverDelta, serverSnapshot, sleep } from './support';

const EVENTS = Number(process.env.BENCH_PROJ_EVENTS ?? 200_000);
const BATCH = Number(process.env.BENCH_PROJ_BATCH ?? 1_000);
const TOPICS = ['proj-orders', 'proj-payments'] as const;

export async function run(redis: Redis): Promise<Record<string, number>> {
  const prefix = `bench-proj-${randomBytes(4).toString('hex')}`;
  const bus = createBus({ redis, service: 'bench-proj', prefix, telemetry: false });
  try {
    for (const topic of TOPICS) await bus.defineTopic(topic, { maxLen: EVENTS * 2 });
    const perTopic = Math.ceil(EVENTS / TOPICS.length);
    for (const [t, topic] of TOPICS.entries()) {
      const type = t === 0 ? 'order.placed' : 'payment.received';
      const inputs = Array.from({ length: perTopic }, (_, i) => ({ type, data: orderPayload(i) }));
      for (const chunk of chunks(inputs, 5_000)) await bus.publishBatch(topic, chunk);
    }
    const total = perTopic * TOPICS.length;

    const count = (event: { data: OrderPlaced; type: string }, model: Model): void => {
      model.hincr('counts', event.type);
      model.hincr('by-channel', event.data.channel);
      model.zincr('revenue', event.data.region, event.data.totalCents);
    };
    const projection = defineProjection({
      name: 'bench-counts',
      topics: [...TOPICS],
      handlers: { 'order.placed': count, 'payment.received': count },
    });

    const rawPerSec = await rawReadRate(redis, bus.keys.stream.bind(bus.keys), total);
    const server = await serverSnapshot(redis);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await bus.projections.register(projection, { batchSize: BATCH, pollMs: 5 });
    for (;;) {
      const applied = [...bus.projections.localStats('bench-counts').values()][0]?.applied ?? 0;
      if (applied >= total) break;
      await sleep(2);
    }
    const elapsedS = (performance.now() - started) / 1_000;
    const clientMs = clientCpuMs(cpu);
    const delta = serverDelta(server, await serverSnapshot(redis));
    const view = await bus.projections.read('bench-counts');
    const counted = Object.values(await view.hgetall('counts')).reduce((sum, n) => sum + Number(n), 0);
    if (counted !== total) throw new Error(`projection counted ${counted} of ${total} events`);
    await bus.projections.close();
    return {
      projectionCatchUpPerSec: Math.round(total / elapsedS),
      projectionRawReadPerSec: rawPerSec,
      projectionEvents: total,
      projectionBatchPerTopic: BATCH,
      projectionClientCpuUsPerEvent: round((clientMs * 1_000) / total, 2),
      projectionRedisCpuUsPerEvent: round((delta.cpuMs * 1_000) / total, 2),
    };
  } finally {
    await bus.projections.close();
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
  }
}

/**
 * The ceiling on this machine now: plain XRANGE COUNT BATCH over both topics plus JSON.parse of every
 * event, nothing else (no handler, no commit). Shared machines vary: compare the projection with it.
 */
async function rawReadRate(redis: Redis, stream: (topic: string) => string, total: number): Promise<number> {
  const started = performance.now();
  let read = 0;
  for (const topic of TOPICS) {
    let from = '-';
    for (;;) {
      const entries = (await redis.xrange(stream(topic), from, '+', 'COUNT', BATCH)) as [string, string[]][];
      for (const [, fields] of entries) if (JSON.parse(fields[1]!)) read += 1;
      if (entries.length < BATCH) break;
      from = `(${entries.at(-1)![0]}`;
    }
  }
  if (read !== total) throw new Error(`raw read ${read} of ${total} events`);
  return Math.round(total / ((performance.now() - started) / 1_000));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    name: 'eventlens:bench:sourcing-proj',
  });
  await waitForReady(redis, 5_000);
  const figures = await run(redis);
  for (const [name, value] of Object.entries(figures)) out(`${name}: ${value}`);
  redis.disconnect();
}
