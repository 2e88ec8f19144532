/**
 * Live traffic for `bench:replay`, in its own process as a real service would be: publishes RATE
 * events/s to TOPIC through the SDK and consumes them in GROUP, timing each live event from its
 * publish call to its handler. Replayed events arriving on the same topic are handled by the same
 * consumer (that is the load a replay adds) and their stream entry times are kept, which is when the
 * replay script appended them. Prints `ready` once consuming; answers `count` (replayed events so
 * far) and `report` over IPC; exits on `stop`.
 */
import { createBus, createKeys, createRedis } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const RATE = Number(env('RATE'));
const TOPIC = env('TOPIC');
const GROUP = env('GROUP');
const LIVE_TYPE = 'bench.live';
const now = (): number => performance.timeOrigin + performance.now();

/** [receivedAtMs, latencyMs] per live event, and the entry time (ms) of each replayed event. */
// preallocated: an array that grows by copying stalls the process now and then, which is the very
// tail the bench measures (a live event every 0.5 ms, two numbers each, for up to LIVE_CAPACITY_SEC)
const LIVE_CAPACITY_SEC = 1_200;
const live = new Float64Array(Math.ceil(RATE * LIVE_CAPACITY_SEC * 2));
let liveLength = 0;
const replayed: number[] = [];
const replayedIds = new Set<string>();
let duplicates = 0;

async function main(): Promise<void> {
  const redis = createRedis(env('REDIS_URL'), { name: 'eventlens:bench-traffic' });
  await waitForReady(redis, 5_000);
  const keys = createKeys(env('PREFIX'));
  const bus = createBus({ redis, service: 'bench-live', prefix: keys.prefix, telemetry: false });
  await bus.defineTopic(TOPIC, { maxLen: 1_000_000 });
  const sub = bus.subscribe(GROUP, TOPIC, (event, ctx) => {
    if (event.type === LIVE_TYPE) {
      const received = now();
      if (liveLength + 2 > live.length) return;
      live[liveLength++] = received;
      live[liveLength++] = received - (event.data as { sentAt: number }).sentAt;
      return;
    }
    if (replayedIds.has(event.id)) duplicates += 1;
    replayedIds.add(event.id);
    replayed.push(Number(ctx.entryId.slice(0, ctx.entryId.indexOf('-'))));
  });
  await sub.ready;

  // paced in 5 ms ticks: whatever is due since the start goes out now, so a late tick catches up
  const started = now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((now() - started) / 1000) * RATE) - sent;
    for (let i = 0; i < due; i++)
      void bus.publish(TOPIC, { type: LIVE_TYPE, data: { sentAt: now() } }).catch(() => undefined);
    sent += Math.max(0, due);
  }, 5);

  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'count') {
      process.send?.({ replayed: replayed.length });
    } else if (message.cmd === 'report') {
      process.send?.({ live: Array.from(live.subarray(0, liveLength)), replayed, duplicates, sent });
    } else if (message.cmd === 'stop') {
      clearInterval(timer);
      void bus.close({ timeoutMs: 2_000 }).finally(() => {
        redis.disconnect();
        process.exit(0);
      });
    }
  });
  process.stdout.write('ready\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
