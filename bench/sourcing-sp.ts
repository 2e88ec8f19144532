/**
 * Step 10 bench part `sp` (composed by bench/sourcing.ts): windowed aggregation throughput.
 *
 * A tumbling 1 s window processor (`bus.streams`, sum/min/max of a value) over 1,000 keys reads a
 * topic filled beforehand with SP_EVENTS events (default 100,000) spread over 10 s of event time, so
 * every key closes ~10 windows and their results are published as it goes. Measured: events per
 * second from the processor's start until every event is applied (dedupe, window update, watermark,
 * results written and published, ack), one process, default concurrency 64. Figures:
 * `windowedPerSec`, `windowResults` (results published), `elapsedMs`, and CPU per event of this
 * process and of Redis (`clientCpuUsPerEvent`, `redisCpuUsPerEvent`).
 *
 * Alone: npx tsx bench/sourcing-sp.ts   (REDIS_URL or 127.0.0.1:6379)
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createBus, createRedis, type PublishInput } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { clientCpuMs, deletePrefix, out, round, serverSnapshot, sleep } from './support';

const EVENTS = Number(process.env.SP_EVENTS ?? 100_000);
const KEYS = 1_000;
const EVENT_TIME_SPAN_MS = 10_000;
const TIMEOUT_MS = 300_000;

export async function run(redis: Redis): Promise<Record<string, number>> {
  const prefix = `bench-sp-${randomBytes(4).toString('hex')}`;
  const bus = createBus({ redis, service: 'bench-sp', prefix, telemetry: false });
  try {
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < EVENTS; i += 1_000) {
      const batch: PublishInput[] = [];
      for (let j = i; j < Math.min(EVENTS, i + 1_000); j++)
        batch.push({
          type: 'reading.taken',
          subject: `k${j % KEYS}`,
          time: new Date(base + Math.floor((j * EVENT_TIME_SPAN_MS) / EVENTS)),
          data: { v: j % 7 },
        });
      await bus.publishBatch('bench.readings', batch);
    }

    const before = await serverSnapshot(redis);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const processor = bus.streams
      .from<{ v: number }>('bench.readings', {
        name: 'bench-windows',
        from: 'start',
        concurrency: 64,
        batchSize: 500,
      })
      .window({ kind: 'tumbling', sizeMs: 1_000, value: (event) => event.data.v })
      .to('bench.windows');
    for (;;) {
      const stats = await processor.stats();
      if (stats.applied + stats.dropped >= EVENTS) break;
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`only ${stats.applied} events applied`);
      await sleep(20);
    }
    const elapsedMs = performance.now() - started;
    const clientMs = clientCpuMs(cpu);
    const redisMs = (await serverSnapshot(redis)).cpuMs - before.cpuMs;
    const stats = await processor.stats();
    await processor.stop();
    return {
      windowedPerSec: Math.round(EVENTS / (elapsedMs / 1_000)),
      windowResults: stats.emitted + stats.corrected,
      elapsedMs: round(elapsedMs, 0),
      // per event, to tell a loaded machine from a slow path (Redis CPU is server-wide: others count too)
      clientCpuUsPerEvent: round((clientMs * 1_000) / EVENTS, 1),
      redisCpuUsPerEvent: round((redisMs * 1_000) / EVENTS, 1),
    };
  } finally {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await waitForReady(redis, 5_000);
  out(JSON.stringify(await run(redis)));
  redis.disconnect();
}
