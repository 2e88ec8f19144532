/**
 * Load for `npm run bench:recorder`, in its own process (so that producing costs the recorder's process
 * nothing): SDK-format events XADDed round-robin over topic streams at a paced rate.
 * Env: REDIS_URL, PREFIX, TOPICS (comma-separated), RATE (events/s), SECONDS, OFFSET (first event number).
 * Prints `ready` once connected, then one JSON line `{"sent": n}` when done.
 */
import { createKeys } from '@/server/bus';
import { createRedis, waitForReady } from '@/server/bus/connection';
import { pace, serializedEnvelope } from './fixtures';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const keys = createKeys(env('PREFIX'));
const streams = env('TOPICS')
  .split(',')
  .map((topic) => keys.stream(topic));
const rate = Number(env('RATE'));
const seconds = Number(env('SECONDS'));
const offset = Number(process.env.OFFSET ?? 0);
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'eventlens:bench:producer',
});
await waitForReady(redis, 5_000);
process.stdout.write('ready\n');

let pipeline = redis.pipeline();
let queued = 0;
const flush = (): void => {
  if (queued === 0) return;
  void pipeline.exec();
  pipeline = redis.pipeline();
  queued = 0;
};
const timer = setInterval(flush, 1);
const sent = await pace(rate, seconds * 1_000, (i) => {
  const n = offset + i;
  pipeline.xadd(streams[n % streams.length]!, 'MAXLEN', '~', '200000', '*', 'event', serializedEnvelope(n));
  queued += 1;
  if (queued >= 200) flush();
});
clearInterval(timer);
flush();
await redis.ping(); // every pipeline before it has been answered
process.stdout.write(`${JSON.stringify({ sent })}\n`);
redis.disconnect();
