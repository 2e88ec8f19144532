/**
 * Load for `npm run bench:recorder`, in its own process (so that producing costs the recorder's process
 * nothing): SDK-format events XADDed round-robin over topic streams at a paced rate, the topics
 * registered first as the SDK's publisher registers them (the recorder finds registered topics at once).
 * Env: REDIS_URL, PREFIX, TOPICS (comma-separated), RATE (events/s), SECONDS, OFFSET (first event number);
 * or COUNT instead of RATE and SECONDS: that many events as fast as pipelines go (a backlog).
 * Prints `ready` once connected, then one JSON line `{"sent": n}` when done.
 */
import { createKeys, TopicRegistry } from '@/server/bus';
import { createRedis, waitForReady } from '@/server/bus/connection';
import { pace, serializedEnvelope } from './fixtures';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const keys = createKeys(env('PREFIX'));
const topics = env('TOPICS').split(',');
const streams = topics.map((topic) => keys.stream(topic));
const count = process.env.COUNT === undefined ? null : Number(process.env.COUNT);
const offset = Number(process.env.OFFSET ?? 0);
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'eventlens:bench:producer',
});
await waitForReady(redis, 5_000);
const registry = new TopicRegistry(redis, keys);
for (const topic of topics) await registry.ensure(topic);
process.stdout.write('ready\n');

let pipeline = redis.pipeline();
let queued = 0;
const flush = (): void => {
  if (queued === 0) return;
  void pipeline.exec();
  pipeline = redis.pipeline();
  queued = 0;
};
let sent: number;
if (count !== null) {
  for (let i = 0; i < count; i += 2_000) {
    const burst = redis.pipeline();
    for (let j = i; j < Math.min(count, i + 2_000); j++) {
      const n = offset + j;
      burst.xadd(streams[n % streams.length]!, '*', 'event', serializedEnvelope(n));
    }
    await burst.exec();
  }
  sent = count;
} else {
  const timer = setInterval(flush, 1);
  sent = await pace(Number(env('RATE')), Number(env('SECONDS')) * 1_000, (i) => {
    const n = offset + i;
    pipeline.xadd(streams[n % streams.length]!, 'MAXLEN', '~', '200000', '*', 'event', serializedEnvelope(n));
    queued += 1;
    if (queued >= 200) flush();
  });
  clearInterval(timer);
  flush();
}
await redis.ping(); // every pipeline before it has been answered
process.stdout.write(`${JSON.stringify({ sent })}\n`);
redis.disconnect();
