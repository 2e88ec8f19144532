/**
 * GET /api/topology, /api/overview, /api/metrics and /api/metrics/breakdown end to end, minus Next:
 * recorded rollups and topology edges, joined with what Redis holds, over a real Postgres test database
 * and real Redis (own key prefix).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsSeries } from '@/server/contracts/metrics';
import { MetricsBreakdown } from '@/server/contracts/metrics-breakdown';
import { Overview } from '@/server/contracts/overview';
import { Topology } from '@/server/contracts/topology';
import { seedOrdersAndBilling } from '@/server/testing/api-bus-fixture';
import { expectBadRequest, get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET as getBreakdown } from './metrics/breakdown/route';
import { GET as getMetrics } from './metrics/route';
import { GET as getOverview } from './overview/route';
import { GET as getTopology } from './topology/route';

describe('REST API: topology, overview and metrics (route handlers over real Postgres and Redis)', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-metrics');
    await seedOrdersAndBilling(ctx, Date.now());
  });
  afterAll(() => ctx.cleanup());

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
    // the recorder sampled lag 3; the newest point is the lag Redis reports now, the lag model's figure
    expect(body.points.map((p) => p.lag)).toContain(3);
    expect(body.points.at(-1)!.lag).toBe(2);
    const topology = Topology.parse(await json(await get(getTopology, '/api/topology')));
    const billing = topology.nodes.find((n) => n.id === 'group:billing');
    expect(billing?.kind === 'group' ? billing.lagModel?.lag : undefined).toBe(body.points.at(-1)!.lag);
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
});
