/**
 * Load for `npm run bench:ui`, in its own process: the services of bench/ui-traffic.ts publishing through
 * the SDK (`bus.publish`, one call per event, as a service would), paced to RATE events/s for SECONDS.
 * Env: REDIS_URL, PREFIX, RATE, SECONDS. Prints `ready` once connected, then one JSON line
 * `{"sent": n, "failed": n, "maxInFlight": n}` when every publish has been answered.
 */
import { createBus, createRedis, waitForReady } from '@/server/bus';
import { pace } from './fixtures';
import { LANE_CYCLE, LANES } from './ui-traffic';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'eventlens:bench:ui-producer',
});
await waitForReady(redis, 5_000);
const buses = LANES.map((lane) =>
  createBus({ redis, service: lane.service, prefix: env('PREFIX'), telemetry: false }),
);
process.stdout.write('ready\n');

let inFlight = 0;
let maxInFlight = 0;
let failed = 0;
let firstError: string | null = null;
const settled = (): void => void (inFlight -= 1);
const sent = await pace(Number(env('RATE')), Number(env('SECONDS')) * 1_000, (i) => {
  const lane = LANE_CYCLE[i % LANE_CYCLE.length]!;
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  buses[lane]!.publish(LANES[lane]!.topic, LANES[lane]!.event(i))
    .catch((error: unknown) => {
      failed += 1;
      firstError ??= (error as Error).message;
    })
    .finally(settled);
});
while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
if (firstError) process.stderr.write(`ui-producer: ${failed} publishes failed, first: ${firstError}\n`);
process.stdout.write(`${JSON.stringify({ sent, failed, maxInFlight })}\n`);
await Promise.all(buses.map((bus) => bus.close({ timeoutMs: 1_000 })));
redis.disconnect();
