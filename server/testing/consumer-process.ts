/**
 * A consumer in its own process, for crash tests (kill -9, SIGSTOP). Configured by env; records each
 * handled event as `<consumer>|<event id>` on the list `<prefix>:test:handled`; prints "ready" once
 * its group exists.
 */
import { createBus } from '@/server/bus/bus';
import { createRedis, waitForReady } from '@/server/bus/connection';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const prefix = env('PREFIX');
const consumer = env('CONSUMER');
const delayMs = Number(env('HANDLER_DELAY_MS', '0'));
const redis = createRedis(env('REDIS_URL', 'redis://127.0.0.1:6379'), { name: `eventlens:test:${consumer}` });
await waitForReady(redis, 5_000);
const bus = createBus({ redis, service: 'crash-test', prefix, telemetry: { flushMs: 20 } });
const sub = bus.subscribe(
  env('GROUP'),
  env('TOPIC'),
  async (event) => {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    await redis.rpush(`${prefix}:test:handled`, `${consumer}|${event.id}`);
  },
  {
    consumer,
    concurrency: Number(env('CONCURRENCY', '20')),
    claimIdleMs: Number(env('CLAIM_IDLE_MS', '30000')),
    blockMs: 100,
    from: 'start',
  },
);
await sub.ready;
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void bus.close({ timeoutMs: 2_000 }).then(() => {
    redis.disconnect();
    process.exit(0);
  });
});
