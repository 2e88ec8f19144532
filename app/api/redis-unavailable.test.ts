/**
 * The API while Redis is away, end to end minus Next: Redis-only views answer 503, views that combine
 * Redis with the store still answer from the store. Real Postgres test database; the live Redis (own
 * key prefix) holds the seeded bus until the context is swapped for one that cannot connect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@/server/bus/connection';
import { ApiError } from '@/server/contracts/errors';
import { Overview } from '@/server/contracts/overview';
import { Topology } from '@/server/contracts/topology';
import { appContext, registerAppContext } from '@/server/http/context';
import { seedOrdersAndBilling } from '@/server/testing/api-bus-fixture';
import { get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET as getGroups } from './groups/route';
import { GET as getOverview } from './overview/route';
import { GET as getStreams } from './streams/route';
import { GET as getTopology } from './topology/route';

describe('REST API without Redis (route handlers over real Postgres)', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-redis-down');
    await seedOrdersAndBilling(ctx, Date.now());
  });
  afterAll(() => ctx.cleanup());

  it('answers 503 for Redis-only views while Redis is away, and serves the store for the rest', async () => {
    const dead = createRedis('redis://127.0.0.1:1', { name: 'eventlens:test' });
    dead.on('error', () => {
      // expected: nothing listens on port 1
    });
    const registered = appContext();
    registerAppContext({ ...registered, redis: dead });
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
      registerAppContext(registered);
    }
  });
});
