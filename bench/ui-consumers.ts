/**
 * The consumer groups of bench/ui-traffic.ts in their own process for `npm run bench:ui`: each group
 * subscribes through the SDK (telemetry on, as a real service), so the Flows page has groups, rates and
 * lag to draw. Handlers only touch the payload. Env: REDIS_URL, PREFIX. Prints `ready` once every group
 * exists; on SIGTERM prints `{"handled": {group: n}}` and exits.
 */
import { createBus, createRedis, waitForReady } from '@/server/bus';
import { GROUPS } from './ui-traffic';

const prefix = process.env.PREFIX;
if (!prefix) throw new Error('PREFIX is required');
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'eventlens:bench:ui-consumers',
});
await waitForReady(redis, 5_000);

const buses = GROUPS.map((g) => createBus({ redis, service: g.service, prefix }));
let checksum = 0;
const subscriptions = GROUPS.map((g, i) =>
  buses[i]!.subscribe(
    g.group,
    g.topics,
    (event) => {
      checksum += event.type.length; // a handler that reads what it gets
    },
    { concurrency: 200, batchSize: 500, blockMs: 200 },
  ),
);
await Promise.all(subscriptions.map((s) => s.ready));
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  const handled = Object.fromEntries(GROUPS.map((g, i) => [g.group, subscriptions[i]!.stats.handled]));
  process.stdout.write(`${JSON.stringify({ handled, checksum })}\n`);
  void Promise.all(buses.map((bus) => bus.close({ timeoutMs: 1_000 }))).finally(() => {
    redis.disconnect();
    process.exit(0);
  });
});
