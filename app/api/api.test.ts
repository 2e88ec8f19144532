/**
 * The REST API end to end, minus Next: each exported route handler is called with a plain Request
 * after registering an AppContext over a real Postgres test database and real Redis (own key prefix).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, metricRollups, serviceNodes, topologyEdges } from '@/db/schema';
import { createRedis } from '@/server/bus/connection';
import { TopicRegistry } from '@/server/bus/topics';
import { ApiError } from '@/server/contracts/errors';
import { EventDetail, EventPage } from '@/server/contracts/events';
import { GroupsResponse } from '@/server/contracts/groups';
import { MetricsSeries } from '@/server/contracts/metrics';
import { MetricsBreakdown } from '@/server/contracts/metrics-breakdown';
import { Overview } from '@/server/contracts/overview';
import { StreamsResponse } from '@/server/contracts/streams';
import { Topology } from '@/server/contracts/topology';
import { registerAppContext } from '@/server/http/context';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { eventRow, rollupRow } from '@/server/testing/store-rows';
import { GET as getEvent } from './events/[id]/route';
import { GET as getEvents } from './events/route';
import { GET as getGroups } from './groups/route';
import { GET as getBreakdown } from './metrics/breakdown/route';
import { GET as getMetrics } from './metrics/route';
import { GET as getOverview } from './overview/route';
import { GET as getStreams } from './streams/route';
import { GET as getTopology } from './topology/route';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');

async function json(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  return response.json();
}

async function expectBadRequest(response: Response, path: string, message: RegExp): Promise<void> {
  expect(response.status).toBe(400);
  const body = ApiError.parse(await json(response));
  expect(body.error.code).toBe('BAD_REQUEST');
  expect(body.error.issues).toEqual(
    expect.arrayContaining([{ path, message: expect.stringMatching(message) }]),
  );
  // the top-line message names the first problem, prefixed with where it is
  expect(body.error.message.startsWith('query')).toBe(true);
}

describe('REST API (route handlers over real Postgres and Redis)', () => {
  let ctx: TestContext;
  const get = (handler: (r: Request) => Promise<Response>, path: string) =>
    handler(new Request(`http://x${path}`));
  const detail = (id: string, query = '') =>
    getEvent(new Request(`http://x/api/events/${encodeURIComponent(id)}${query}`), {
      params: Promise.resolve({ id }),
    });

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api');
    await ctx.db.insert(events).values([
      ...Array.from({ length: 25 }, (_, i) =>
        eventRow({
          eventId: `e-${String(i).padStart(2, '0')}`,
          time: new Date(T0 + Math.floor(i / 3) * 1000),
          topic: i % 2 === 0 ? 'orders' : 'payments',
          type: i % 5 === 0 ? 'order.cancelled' : 'order.placed',
          correlationId: 'corr-1',
          causationId: i > 0 ? 'e-00' : null,
          data: { severity: i % 4 === 0 ? 'high' : 'low', amount: i * 10 },
        }),
      ),
      eventRow({ eventId: 'twin', source: '/a', time: new Date(T0 + 60_000) }),
      eventRow({ eventId: 'twin', source: '/b', time: new Date(T0 + 61_000) }),
    ]);
  });
  afterAll(() => ctx.cleanup());

  describe('GET /api/events', () => {
    it('filters and answers the page shape', async () => {
      const response = await get(getEvents, '/api/events?topic=orders&type=order.cancelled');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const page = EventPage.parse(await json(response));
      expect(page.items.map((i) => i.id).sort()).toEqual(['e-00', 'e-10', 'e-20']);
      expect(page.nextCursor).toBeNull();
    });

    it('pages with nextCursor: no duplicates, no gaps', async () => {
      const all = EventPage.parse(await json(await get(getEvents, '/api/events?limit=200'))).items.map(
        (i) => i.id,
      );
      expect(all).toHaveLength(27);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/api/events?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = EventPage.parse(await json(await get(getEvents, path)));
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    });

    it('applies JSON-path conditions, compact or as separate parameters', async () => {
      const compact = EventPage.parse(
        await json(
          await get(getEvents, `/api/events?where=${encodeURIComponent('$.severity == "high"')}&limit=200`),
        ),
      );
      expect(compact.items.map((i) => i.id).sort()).toEqual([
        'e-00',
        'e-04',
        'e-08',
        'e-12',
        'e-16',
        'e-20',
        'e-24',
      ]);
      const separate = EventPage.parse(
        await json(
          await get(getEvents, '/api/events?data.path=$.amount&data.op=gte&data.value=200&limit=200'),
        ),
      );
      expect(separate.items.map((i) => i.id).sort()).toEqual(['e-20', 'e-21', 'e-22', 'e-23', 'e-24']);
      const both = EventPage.parse(
        await json(
          await get(
            getEvents,
            `/api/events?where=${encodeURIComponent('$.severity == "high"')}&data.path=amount&data.op=gte&data.value=200`,
          ),
        ),
      );
      expect(both.items.map((i) => i.id).sort()).toEqual(['e-20', 'e-24']);
    });

    it('answers 400 naming what is wrong', async () => {
      await expectBadRequest(
        await get(getEvents, '/api/events?cursor=bogus'),
        'query.cursor',
        /not a cursor this API issued/,
      );
      await expectBadRequest(
        await get(getEvents, `/api/events?where=${encodeURIComponent('$.severity == high')}`),
        'query.where',
        /expected a JSON value after == \(strings in double quotes/,
      );
      await expectBadRequest(
        await get(getEvents, `/api/events?where=${encodeURIComponent('$.a[ == 1')}`),
        'query.where',
        /expected \[<index>\]/,
      );
      await expectBadRequest(
        await get(getEvents, '/api/events?data.path=$.a&data.op=like&data.value=x'),
        'query.data.op',
        /expected one of eq, ne, gt, gte, lt, lte, startsWith, exists/,
      );
      await expectBadRequest(
        await get(getEvents, '/api/events?data.value=x'),
        'query.data.path',
        /need data\.path/,
      );
      await expectBadRequest(await get(getEvents, '/api/events?limit=1000'), 'query.limit', /from 1 to 200/);
      await expectBadRequest(await get(getEvents, '/api/events?from=yesterday'), 'query.from', /ISO 8601/);
      await expectBadRequest(
        await get(getEvents, '/api/events?from=1h&to=2h'),
        'query.from',
        /earlier than to/,
      );
      await expectBadRequest(
        await get(getEvents, '/api/events?topics=orders'),
        'query',
        /unknown parameter "topics"/,
      );
    });
  });

  describe('GET /api/events/[id]', () => {
    it('answers the event with its links', async () => {
      const response = await detail('e-00');
      expect(response.status).toBe(200);
      const event = EventDetail.parse(await json(response));
      expect(event).toMatchObject({ id: 'e-00', topic: 'orders', data: { severity: 'high', amount: 0 } });
      expect(event.links).toMatchObject({ causedBy: null, sameCorrelationCount: 25, causesTruncated: false });
      expect(event.links.causes).toHaveLength(24);
      const child = EventDetail.parse(await json(await detail('e-07')));
      expect(child.links.causedBy).toBe('e-00');
      expect(child.cause?.id).toBe('e-00');
    });

    it('answers 404 for an unknown id and 409 for an ambiguous one until ?source= picks', async () => {
      const missing = await detail('nope');
      expect(missing.status).toBe(404);
      expect(ApiError.parse(await json(missing)).error).toMatchObject({
        code: 'NOT_FOUND',
        message: 'no recorded event with id "nope"',
      });
      const ambiguous = await detail('twin');
      expect(ambiguous.status).toBe(409);
      expect(ApiError.parse(await json(ambiguous)).error.message).toMatch(
        /2 sources \(\/a, \/b\); add \?source=/,
      );
      const picked = EventDetail.parse(await json(await detail('twin', '?source=%2Fb')));
      expect(picked.source).toBe('/b');
      await expectBadRequest(await detail('twin', '?src=/b'), 'query', /unknown parameter "src"/);
    });
  });

  describe('Redis-side endpoints', () => {
    const now = Date.now();
    const bucket = Math.floor(now / 10_000) * 10_000;

    beforeAll(async () => {
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
    });

    it('GET /api/streams: each stream with its retention and rate', async () => {
      const body = StreamsResponse.parse(await json(await get(getStreams, '/api/streams')));
      expect(body.streams.map((s) => s.topic)).toEqual(['orders', 'payments']);
      expect(body.streams[0]).toMatchObject({
        exists: true,
        length: 6,
        groups: 1,
        retention: { maxLen: 10_000 },
        eventsPerSec: 1,
        deadLetters: 0,
      });
      expect(body.streams[0]!.firstAt).toBeGreaterThan(now - 60_000);
      expect(body.streams[1]).toMatchObject({
        exists: false,
        length: 0,
        retention: { maxAgeMs: 86_400_000 },
      });
      const one = StreamsResponse.parse(await json(await get(getStreams, '/api/streams?topic=payments')));
      expect(one.streams.map((s) => s.topic)).toEqual(['payments']);
      await expectBadRequest(
        await get(getStreams, '/api/streams?topic=a%20b'),
        'query.topic',
        /not a topic name/,
      );
    });

    it('GET /api/groups: lag, pending distributions and stuck entries', async () => {
      const body = GroupsResponse.parse(await json(await get(getGroups, '/api/groups?stuckAfterMs=120000')));
      expect(body).toMatchObject({ stuckAfterMs: 120_000, sampleSize: 1_000 });
      expect(body.groups).toHaveLength(1);
      expect(body.groups[0]).toMatchObject({
        topic: 'orders',
        name: 'billing',
        lag: 2,
        pending: 4,
        handledPerSec: 0.8,
        errorRate: 0.2,
        consumers: [expect.objectContaining({ name: 'c1', pending: 4, service: 'shop', alive: true })],
        pendingEntries: expect.objectContaining({ total: 4, sampled: 4, stuckCount: 1 }),
      });
      expect(body.groups[0]!.pendingEntries.stuck[0]).toMatchObject({ consumer: 'c1', deliveries: 5 });
      expect(body.lagTrend).toMatchObject({ stepSeconds: 10, points: 90 });
      expect(body.groups[0]!.lagTrend).toHaveLength(90);
      expect(body.groups[0]!.lagTrend.at(-2)).toBe(3);
      await expectBadRequest(await get(getGroups, '/api/groups?sample=0'), 'query.sample', /from 1 to 10000/);
    });

    it('GET /api/topology: nodes and edges with rates', async () => {
      const body = Topology.parse(await json(await get(getTopology, '/api/topology')));
      expect(body.redis.ok).toBe(true);
      expect(body.nodes.map((n) => n.id)).toEqual([
        'service:shop',
        'topic:orders',
        'topic:payments',
        'group:billing',
        'dead-letters',
      ]);
      expect(body.edges.find((e) => e.id === 'delivers:topic:orders->group:billing')).toMatchObject({
        eventsPerSec: 0.8,
        errorRate: 0.2,
        totalEvents: 48,
      });
      expect(body.edges.find((e) => e.id === 'publishes:service:shop->topic:orders')).toMatchObject({
        eventsPerSec: 1,
      });
    });

    it('GET /api/overview: totals and rates', async () => {
      const body = Overview.parse(await json(await get(getOverview, '/api/overview')));
      expect(body).toMatchObject({
        eventsPerSec: 1,
        handledPerSec: 0.8,
        errorRate: 0.2,
        worstLag: { topic: 'orders', group: 'billing', lag: 2 },
        topics: 2,
        groups: 1,
        services: { total: 1, live: 1 },
        consumers: { total: 1, unhealthy: 0 },
        redis: { ok: true },
      });
    });

    it('GET /api/metrics: a series, and 400 for a bad range or an unknown series', async () => {
      const body = MetricsSeries.parse(
        await json(await get(getMetrics, '/api/metrics?series=group:orders/billing&range=15m')),
      );
      expect(body).toMatchObject({
        series: 'group:orders/billing',
        range: '15m',
        resolution: '10s',
        stepSeconds: 10,
      });
      expect(body.points).toHaveLength(90);
      expect(body.totals.handled).toBeGreaterThanOrEqual(80);
      const defaults = MetricsSeries.parse(await json(await get(getMetrics, '/api/metrics')));
      expect(defaults).toMatchObject({ series: 'all', range: '1h' });
      await expectBadRequest(
        await get(getMetrics, '/api/metrics?series=all&range=2h'),
        'query.range',
        /expected one of 15m, 1h, 24h, 7d/,
      );
      await expectBadRequest(
        await get(getMetrics, '/api/metrics?series=queue:orders&range=1h'),
        'query.series',
        /unknown series "queue:orders": expected all, topic:<topic> or group:<topic>\/<group>/,
      );
      await expectBadRequest(
        await get(getMetrics, '/api/metrics?series=group:orders'),
        'query.series',
        /unknown series/,
      );
    });

    it('GET /api/metrics/breakdown: a counter per topic or group, and 400 without a known metric', async () => {
      const topics = MetricsBreakdown.parse(
        await json(await get(getBreakdown, '/api/metrics/breakdown?metric=published&range=15m')),
      );
      expect(topics).toMatchObject({ metric: 'published', scope: 'topic', range: '15m', omitted: 0 });
      expect(topics.t).toHaveLength(90);
      expect(topics.series.map((s) => [s.key, s.group])).toEqual([['orders', null]]);
      expect(topics.series[0]!.total).toBeGreaterThanOrEqual(100);
      const groups = MetricsBreakdown.parse(
        await json(await get(getBreakdown, '/api/metrics/breakdown?metric=failed')),
      );
      expect(groups).toMatchObject({ scope: 'group', range: '1h' });
      expect(groups.series[0]).toMatchObject({ key: 'orders/billing', topic: 'orders', group: 'billing' });
      await expectBadRequest(
        await get(getBreakdown, '/api/metrics/breakdown?range=1h'),
        'query.metric',
        /expected one of published, handled/,
      );
      await expectBadRequest(
        await get(getBreakdown, '/api/metrics/breakdown?metric=lag&by=topic'),
        'query',
        /unknown parameter "by"/,
      );
    });

    it('answers 503 for Redis-only views while Redis is away, and serves the store for the rest', async () => {
      const dead = createRedis('redis://127.0.0.1:1', { name: 'eventlens:test' });
      dead.on('error', () => {
        // expected: nothing listens on port 1
      });
      registerAppContext({
        health: () => Promise.reject(new Error('unused')),
        log: { error: () => undefined },
        db: ctx.db,
        storeKind: 'postgres',
        redis: dead,
        keys: ctx.keys,
        internalGroups: ['eventlens-recorder'],
      });
      try {
        const streams = await get(getStreams, '/api/streams');
        expect(streams.status).toBe(503);
        expect(ApiError.parse(await json(streams)).error).toMatchObject({
          code: 'BUS_UNAVAILABLE',
          message: expect.stringMatching(/^Redis is unreachable: /),
        });
        expect((await get(getGroups, '/api/groups')).status).toBe(503);
        const overview = Overview.parse(await json(await get(getOverview, '/api/overview')));
        expect(overview).toMatchObject({ eventsPerSec: 1, worstLag: null, redis: { ok: false } });
        const topology = Topology.parse(await json(await get(getTopology, '/api/topology')));
        expect(topology.redis.ok).toBe(false);
        expect(topology.nodes.map((n) => n.id)).toContain('group:billing');
      } finally {
        dead.disconnect();
        registerAppContext({
          health: () => Promise.reject(new Error('unused')),
          log: { error: () => undefined },
          db: ctx.db,
          storeKind: 'postgres',
          redis: ctx.redis,
          keys: ctx.keys,
          internalGroups: ['eventlens-recorder'],
        });
      }
    });
  });
});
