/**
 * One lag answer on every route: GET /api/groups, /api/topology and /api/overview carry the same lag
 * model for a group, over real Postgres and Redis (own key prefix). Two groups on one topic, both 300
 * entries behind in Redis: `catching-up` recorded a falling lag over the last two minutes, `stalled`
 * a rising one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricRollups } from '@/db/schema';
import { TopicRegistry } from '@/server/bus/topics';
import { GroupsResponse } from '@/server/contracts/groups';
import { Overview } from '@/server/contracts/overview';
import { Topology } from '@/server/contracts/topology';
import { get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { rollupRow } from '@/server/testing/store-rows';
import { GET as getGroups } from './groups/route';
import { GET as getOverview } from './overview/route';
import { GET as getTopology } from './topology/route';

const BEHIND = 300;

describe('REST API: one lag model on every route', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-lag');
    const now = Date.now();
    const { redis, keys, db } = ctx;
    await new TopicRegistry(redis, keys).define('orders', { maxLen: 10_000 });
    const stream = keys.stream('orders');
    const add = redis.pipeline();
    for (let i = 0; i < BEHIND; i++) add.xadd(stream, '*', 'event', JSON.stringify({ i }));
    await add.exec();
    await redis.xgroup('CREATE', stream, 'catching-up', '0');
    await redis.xgroup('CREATE', stream, 'stalled', '0');
    const bucket = Math.floor(now / 10_000) * 10_000;
    const starts = Array.from({ length: 12 }, (_, i) => new Date(bucket - 110_000 + i * 10_000));
    await db
      .insert(metricRollups)
      .values([
        ...starts.map((bucketStart) => rollupRow({ scope: 'topic', key: 'orders', bucketStart, count: 10 })),
        ...starts.map((bucketStart, i) =>
          rollupRow({ scope: 'group', key: 'orders/catching-up', bucketStart, lag: 900 - i * 50 }),
        ),
        ...starts.map((bucketStart, i) =>
          rollupRow({ scope: 'group', key: 'orders/stalled', bucketStart, lag: 100 + i * 20 }),
        ),
      ]);
  });
  afterAll(() => ctx.cleanup());

  it('gives the row, its chart and its verdict one lag', async () => {
    const body = GroupsResponse.parse(await json(await get(getGroups, '/api/groups')));
    const byName = new Map(body.groups.map((g) => [g.name, g]));
    for (const group of body.groups) {
      expect(group.lag).toBe(BEHIND);
      expect(group.lagModel.lag).toBe(BEHIND);
      // the chart's newest point is the lag read now, not the last recorded sample
      expect(group.lagTrend.at(-1)).toBe(BEHIND);
    }
    expect(byName.get('catching-up')!.lagModel).toMatchObject({
      state: 'draining',
      tone: 'ok',
      trend: { samples: 12, confidence: 'high' },
      laggingSince: { sinceBefore: true },
      oldestPendingAgeMs: null,
    });
    expect(byName.get('catching-up')!.lagModel.clear!.seconds).toBeGreaterThan(0);
    expect(byName.get('stalled')!.lagModel).toMatchObject({
      state: 'not-draining',
      tone: 'degraded',
      clear: null,
    });
  });

  it('gives Flows and Overview the same verdicts', async () => {
    const groups = GroupsResponse.parse(await json(await get(getGroups, '/api/groups')));
    const topology = Topology.parse(await json(await get(getTopology, '/api/topology')));
    for (const group of groups.groups) {
      const node = topology.nodes.find((n) => n.id === `group:${group.name}`);
      const edge = topology.edges.find((e) => e.id === `delivers:topic:orders->group:${group.name}`);
      expect(node?.kind === 'group' && node.lagModel?.state).toBe(group.lagModel.state);
      expect(edge?.lagModel?.state).toBe(group.lagModel.state);
    }
    const stalled = topology.nodes.find((n) => n.id === 'group:stalled');
    expect(stalled?.health).toBe('degraded');

    const overview = Overview.parse(await json(await get(getOverview, '/api/overview')));
    expect(overview.worstLag).toMatchObject({
      group: 'stalled',
      lag: BEHIND,
      lagModel: { state: 'not-draining', lag: BEHIND },
    });
  });
});
