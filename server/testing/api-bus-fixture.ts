/**
 * The bus the Redis-side API tests look at: service `shop` publishes to `orders` (6 entries, max length
 * 10,000), group `billing` holds 4 of them pending on consumer `c1` (one idle 5 min after 5
 * deliveries), `payments` is registered but empty (max age 1 day); heartbeats for both, and recorded
 * rollups and topology edges for the rates.
 */
import { metricRollups, serviceNodes, topologyEdges } from '@/db/schema';
import { TopicRegistry } from '@/server/bus/topics';
import type { TestContext } from './app-context';
import { rollupRow } from './store-rows';

export async function seedOrdersAndBilling(ctx: TestContext, now: number): Promise<void> {
  const bucket = Math.floor(now / 10_000) * 10_000;
  const { redis, keys, db } = ctx;
  await new TopicRegistry(redis, keys).define('orders', { maxLen: 10_000 });
  await new TopicRegistry(redis, keys).define('payments', { maxAgeMs: 86_400_000 });
  const stream = keys.stream('orders');
  for (let i = 0; i < 6; i++) await redis.xadd(stream, '*', 'event', JSON.stringify({ i }));
  await redis.xgroup('CREATE', stream, 'billing', '0');
  const read = (await redis.xreadgroup('GROUP', 'billing', 'c1', 'COUNT', 4, 'STREAMS', stream, '>')) as [
    string,
    [string, string[]][],
  ][];
  const firstId = read[0]![1][0]![0];
  await redis.xclaim(
    stream,
    'billing',
    'c1',
    0,
    firstId,
    'IDLE',
    300_000,
    'RETRYCOUNT',
    5,
    'FORCE',
    'JUSTID',
  );
  await redis.hset(
    keys.services(),
    'shop',
    JSON.stringify({
      service: 'shop',
      source: '/services/shop',
      host: 'h',
      pid: 1,
      publishes: ['orders'],
      subscriptions: ['billing'],
      lastSeen: now,
    }),
  );
  await redis.hset(
    keys.consumers(),
    'billing/c1',
    JSON.stringify({
      service: 'shop',
      group: 'billing',
      consumer: 'c1',
      topics: ['orders'],
      host: 'h',
      pid: 1,
      state: 'running',
      inFlight: 4,
      lastSeen: now,
    }),
  );
  // rollups around now, 10 per bucket: whichever minute the request lands in, the rate is 1 ev/s
  const starts = Array.from({ length: 12 }, (_, i) => new Date(bucket - 90_000 + i * 10_000));
  await db.insert(metricRollups).values([
    ...starts.map((bucketStart) => rollupRow({ scope: 'topic', key: 'orders', bucketStart, count: 10 })),
    ...starts.map((bucketStart) =>
      rollupRow({
        scope: 'group',
        key: 'orders/billing',
        bucketStart,
        count: 8,
        failed: 2,
        latencyBuckets: [8],
        latencyMaxMs: 1,
        lag: 3,
      }),
    ),
  ]);
  await db
    .insert(serviceNodes)
    .values({ service: 'shop', source: '/services/shop', lastSeenAt: new Date(now) });
  await db.insert(topologyEdges).values([
    { kind: 'publishes', from: 'shop', to: 'orders', events: 60, lastSeenAt: new Date(now) },
    {
      kind: 'delivers',
      from: 'orders',
      to: 'billing',
      events: 48,
      failures: 12,
      lastSeenAt: new Date(now),
    },
  ]);
}
