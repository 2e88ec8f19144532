/**
 * The bus behind the topology and overview tests (server/queries/topology.test.ts), at a fixed NOW:
 * the store's recorded graph (services, edges, a minute of rollups with buckets just outside it, dead
 * letters of various ages) and Redis's live view of it, `bus`. shop publishes and runs billing (one
 * consumer idle with pending entries, one with its breaker open); api went silent; legacy is known
 * from history only; shipping's consumer went silent too. Seeded row by row so that every rate, age
 * and health the tests expect follows from numbers written here.
 */
import type { Db } from '@/db/client';
import { deadLetters, metricRollups, serviceNodes, topologyEdges } from '@/db/schema';
import type { BusRead } from '@/server/contracts/bus-state';
import { busState, consumerInfo, consumerPresence, groupInfo, servicePresence } from './bus-fixtures';
import { setLetterState } from './letter-states';
import { deadLetterRow, edgeRow, rollupRow } from './store-rows';

/** The time the tests read the bus at: 5 s into the current 10 s bucket. */
export const NOW = new Date('2025-03-01T12:00:05.000Z');
const now = NOW.getTime();
const BUCKET = Date.parse('2025-03-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(BUCKET - seconds * 1000);

/** Redis as it would look: shop publishes and runs billing; api went silent; shipping's consumer too. */
export const bus: BusRead = {
  ok: true,
  state: busState({
    at: now,
    topics: [
      {
        topic: 'orders',
        stream: 'el:{orders}:stream',
        exists: true,
        length: 1_000,
        retention: { maxLen: 100_000 },
        deadLetters: 3,
        groups: [
          groupInfo('billing', {
            lag: 12,
            consumerList: [
              consumerInfo('c1', { pending: 4, idleMs: 120_000 }),
              consumerInfo('c2', { pending: 0, idleMs: 500 }),
            ],
          }),
          groupInfo('shipping', { lag: 0, consumerList: [consumerInfo('s1')] }),
        ],
      },
      {
        topic: 'payments',
        stream: 'el:{payments}:stream',
        exists: false,
        length: 0,
        retention: { maxAgeMs: 86_400_000 },
        deadLetters: 0,
        groups: [],
      },
    ],
    presence: {
      services: [
        servicePresence('shop', now - 1_000, { publishes: ['orders'], subscriptions: ['billing'] }),
        servicePresence('api', now - 60_000, { publishes: ['orders'] }),
      ],
      consumers: [
        consumerPresence('billing', 'c1', now - 2_000, { service: 'shop', topics: ['orders'] }),
        consumerPresence('billing', 'c2', now - 2_000, {
          service: 'shop',
          topics: ['orders'],
          state: 'open',
          pid: 2,
        }),
        consumerPresence('shipping', 's1', now - 30_000, { service: 'ship', topics: ['orders'] }),
      ],
      processors: [],
      invalid: 0,
    },
  }),
};

/** The recorded graph: what the recorder would have written to the store by NOW. */
export async function seedTopology(db: Db): Promise<void> {
  await db.insert(serviceNodes).values([
    {
      service: 'shop',
      source: '/services/shop',
      lastSeenAt: ago(5),
      eventsPublished: 100,
      meanSizeBytes: 420,
    },
    { service: 'legacy', source: '/legacy', lastSeenAt: ago(86_400), eventsPublished: 7 },
  ]);
  await db.insert(topologyEdges).values([
    // the recorder may name a publisher by its source: it resolves to the service
    edgeRow({ kind: 'publishes', from: '/services/shop', to: 'orders', events: 80, lastSeenAt: ago(5) }),
    edgeRow({ kind: 'publishes', from: 'api', to: 'orders', events: 20, lastSeenAt: ago(60) }),
    edgeRow({ kind: 'publishes', from: 'legacy', to: 'audit', events: 7, lastSeenAt: ago(86_400) }),
    edgeRow({
      kind: 'delivers',
      from: 'orders',
      to: 'billing',
      events: 90,
      failures: 5,
      lastSeenAt: ago(5),
    }),
  ]);
  const bucketsOf = [0, 0, 0, 500, 40];
  await db.insert(metricRollups).values([
    ...[10, 20, 30, 40, 50, 60].map((s) =>
      rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(s), count: 100 }),
    ),
    ...[10, 20, 30, 40, 50, 60].map((s) =>
      rollupRow({
        scope: 'group',
        key: 'orders/billing',
        bucketStart: ago(s),
        count: 90,
        failed: 4,
        retried: 6, // failed attempts: 10 of 100
        deadLettered: 1,
        latencyBuckets: s === 10 ? bucketsOf : [],
        latencyMaxMs: s === 10 ? 20 : 0,
      }),
    ),
    // outside the window: the current bucket and one older than a minute
    rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(0), count: 10_000 }),
    rollupRow({ scope: 'topic', key: 'orders', bucketStart: ago(70), count: 10_000 }),
  ]);
  await db.insert(deadLetters).values([
    deadLetterRow({
      id: 'orders/1-0',
      topic: 'orders',
      group: 'billing',
      lastFailureAt: new Date(now - 10_000),
    }),
    deadLetterRow({
      id: 'orders/2-0',
      topic: 'orders',
      group: 'billing',
      lastFailureAt: new Date(now - 20_000),
    }),
    deadLetterRow({
      id: 'orders/3-0',
      topic: 'orders',
      group: 'billing',
      lastFailureAt: new Date(now - 600_000),
    }),
    deadLetterRow({
      id: 'orders/4-0',
      topic: 'orders',
      group: 'billing',
      lastFailureAt: ago(900),
    }),
  ]);
  await setLetterState(db, 'orders/4-0', 'replayed');
}
