import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { events } from '@/db/schema';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import type { BusRead } from '@/server/contracts/bus-state';
import { Overview } from '@/server/contracts/overview';
import { Topology, type TopologyNode } from '@/server/contracts/topology';
import { busState, groupInfo } from '@/server/testing/bus-fixtures';
import { eventRow } from '@/server/testing/store-rows';
import { bus, NOW, seedTopology } from '@/server/testing/topology-fixtures';
import { getOverview } from './overview';
import { getTopology } from './topology';

const now = NOW.getTime();

const node = (topology: Topology, id: string): TopologyNode => {
  const found = topology.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id} in ${topology.nodes.map((n) => n.id).join(', ')}`);
  return found;
};

describe.each(STORE_FLAVOURS)('topology and overview on %s', (flavour) => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const store = await createTestStore(flavour, 'topology');
    db = store.store.db;
    cleanup = store.cleanup;
    await seedTopology(db);
  });
  afterAll(() => cleanup());

  it('joins the recorded graph with what Redis says now', async () => {
    const topology = Topology.parse(await getTopology(db, bus, NOW));
    expect(topology.redis).toEqual({ ok: true });
    expect(topology.windowSeconds).toBe(60);
    expect(topology.nodes.map((n) => n.id)).toEqual([
      'service:api',
      'service:legacy',
      'service:ship',
      'service:shop',
      'topic:audit',
      'topic:orders',
      'topic:payments',
      'group:billing',
      'group:shipping',
      'dead-letters',
    ]);
    expect(node(topology, 'service:shop')).toMatchObject({
      live: true,
      source: '/services/shop',
      eventsPublished: 100,
      instances: 2,
      health: 'degraded', // one of its consumers has its breaker open
    });
    expect(node(topology, 'service:api')).toMatchObject({ live: false, health: 'failing' });
    expect(node(topology, 'service:legacy')).toMatchObject({ live: null, health: 'unknown' });
    expect(node(topology, 'topic:orders')).toMatchObject({ length: 1_000, eventsPerSec: 10, deadLetters: 3 });
    expect(node(topology, 'topic:payments')).toMatchObject({ length: 0, eventsPerSec: 0 });
    // known from history only: not registered in Redis, so its length is unknown rather than 0
    expect(node(topology, 'topic:audit')).toMatchObject({
      length: null,
      deadLetters: null,
      health: 'unknown',
    });
    expect(node(topology, 'service:api')).toMatchObject({ instances: 0 });
    expect(node(topology, 'group:billing')).toMatchObject({
      topics: ['orders'],
      services: ['shop'],
      consumers: 2,
      liveConsumers: 2,
      lag: 12,
      // its backlog starts at entries the recorder has not recorded (none are, yet): unknown age
      lagAgeMs: null,
      pending: 4,
      handledPerSec: 9,
      errorRate: 0.1,
      health: 'degraded',
    });
    expect(node(topology, 'group:shipping')).toMatchObject({
      liveConsumers: 0,
      health: 'failing',
      lag: 0,
      lagAgeMs: 0, // caught up
    });
    expect(node(topology, 'dead-letters')).toMatchObject({ pending: 3, inStreams: 3, health: 'degraded' });
  });

  it('rates edges from the last minute of rollups', async () => {
    const topology = await getTopology(db, bus, NOW);
    const edge = (id: string) => topology.edges.find((e) => e.id === id);
    expect(topology.edges.map((e) => e.id)).toEqual([
      'dead-letters:group:billing->dead-letters',
      'delivers:topic:orders->group:billing',
      'delivers:topic:orders->group:shipping',
      'publishes:service:api->topic:orders',
      'publishes:service:legacy->topic:audit',
      'publishes:service:shop->topic:orders',
    ]);
    // the topic's 10 ev/s shared by recorded volume (80 : 20)
    expect(edge('publishes:service:shop->topic:orders')).toMatchObject({ eventsPerSec: 8, totalEvents: 80 });
    expect(edge('publishes:service:api->topic:orders')).toMatchObject({ eventsPerSec: 2, totalEvents: 20 });
    const billing = edge('delivers:topic:orders->group:billing')!;
    expect(billing).toMatchObject({ eventsPerSec: 9, errorRate: 0.1, totalEvents: 90, totalFailures: 5 });
    expect(billing.p50Ms).toBeGreaterThan(5);
    expect(billing.p50Ms).toBeLessThanOrEqual(10);
    expect(billing.p95Ms).toBeGreaterThan(billing.p50Ms!);
    expect(edge('delivers:topic:orders->group:shipping')).toMatchObject({ eventsPerSec: 0, p50Ms: null });
    expect(edge('dead-letters:group:billing->dead-letters')).toMatchObject({
      eventsPerSec: 0.1,
      totalEvents: 4,
    });
  });

  it('serves the recorded graph when Redis is away', async () => {
    const topology = await getTopology(db, { ok: false, error: 'connection refused' }, NOW);
    expect(topology.redis).toEqual({ ok: false, error: 'connection refused' });
    expect(node(topology, 'topic:orders')).toMatchObject({
      length: null,
      deadLetters: null,
      eventsPerSec: 10,
    });
    expect(node(topology, 'group:billing')).toMatchObject({ health: 'degraded', lag: null, lagAgeMs: null });
    expect(node(topology, 'service:shop')).toMatchObject({ live: null, health: 'unknown' });
    expect(node(topology, 'dead-letters')).toMatchObject({ pending: 3, inStreams: null });
  });

  it('sums up the bus in an overview', async () => {
    const overview = Overview.parse(await getOverview(db, bus, NOW));
    expect(overview).toMatchObject({
      windowSeconds: 60,
      eventsPerSec: 10,
      handledPerSec: 9,
      errorRate: 0.1,
      deadLetters: { pending: 3, lastMinute: 2, inStreams: 3 },
      worstLag: { topic: 'orders', group: 'billing', lag: 12 },
      topics: 3,
      groups: 2,
      services: { total: 4, live: 1 },
      consumers: { total: 3, unhealthy: 3 },
      redis: { ok: true },
    });
    expect(overview.unhealthyConsumers).toEqual([
      expect.objectContaining({
        group: 'billing',
        consumer: 'c1',
        reason: 'idle-with-pending',
        pending: 4,
        idleMs: 120_000,
      }),
      expect.objectContaining({ group: 'billing', consumer: 'c2', reason: 'breaker-open', service: 'shop' }),
      expect.objectContaining({ group: 'shipping', consumer: 's1', reason: 'silent', topic: 'orders' }),
    ]);

    const offline = await getOverview(db, { ok: false, error: 'down' }, NOW);
    expect(offline).toMatchObject({
      eventsPerSec: 10,
      worstLag: null,
      deadLetters: { pending: 3, inStreams: null },
      consumers: { total: 0, unhealthy: 0 },
      redis: { ok: false, error: 'down' },
    });
  });
  it("ages each group's backlog by its oldest waiting entry, the oldest over its topics", async () => {
    const delivered = now - 90_000;
    await db.insert(events).values([
      eventRow({ eventId: 'delivered', topic: 'orders', time: new Date(now - 100_000) }),
      eventRow({ eventId: 'waiting-1', topic: 'orders', time: new Date(now - 80_000) }),
      eventRow({ eventId: 'waiting-2', topic: 'orders', time: new Date(now - 10_000) }),
      // another topic's entry, older than the head: not billing's backlog on orders
      eventRow({ eventId: 'elsewhere', topic: 'payments', time: new Date(now - 85_000) }),
    ]);
    const lagging: BusRead = {
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
            deadLetters: 0,
            groups: [
              groupInfo('billing', { lag: 2, lastDeliveredId: `${delivered}-3` }),
              // its backlog starts after everything recorded: the recorder has not caught up
              groupInfo('archive', { lag: 5, lastDeliveredId: `${now - 1_000}-0` }),
              // caught up, but an entry delivered 2 minutes ago is still not acked: that is its oldest
              groupInfo('audit', {
                lag: 0,
                pending: 1,
                lastDeliveredId: `${now - 1_000}-0`,
                oldestPendingId: `${now - 120_000}-4`,
              }),
            ],
          },
          {
            topic: 'payments',
            stream: 'el:{payments}:stream',
            exists: true,
            length: 10,
            retention: { maxLen: 100_000 },
            deadLetters: 0,
            groups: [groupInfo('billing', { lag: 0, lastDeliveredId: `${now - 85_000}-0` })],
          },
        ],
      }),
    };
    const topology = Topology.parse(await getTopology(db, lagging, NOW));
    expect(node(topology, 'group:billing')).toMatchObject({ lag: 2, lagAgeMs: 80_000 });
    expect(node(topology, 'group:archive')).toMatchObject({ lag: 5, lagAgeMs: null });
    expect(node(topology, 'group:audit')).toMatchObject({ lag: 0, lagAgeMs: 120_000 });
  });
});
