/**
 * GET /api/streams and /api/groups end to end, minus Next: what Redis holds (XINFO, XPENDING,
 * heartbeats) joined with recorded rates, over a real Postgres test database and real Redis (own key
 * prefix).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupsResponse } from '@/server/contracts/groups';
import { StreamsResponse } from '@/server/contracts/streams';
import { seedOrdersAndBilling } from '@/server/testing/api-bus-fixture';
import { expectBadRequest, get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET as getGroups } from './groups/route';
import { GET as getStreams } from './streams/route';

describe('REST API: streams and groups (route handlers over real Postgres and Redis)', () => {
  let ctx: TestContext;
  const now = Date.now();

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-streams');
    await seedOrdersAndBilling(ctx, now);
  });
  afterAll(() => ctx.cleanup());

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

  it("GET /api/groups: another EventLens deployment's recorder is listed among the internal groups", async () => {
    await ctx.redis.xgroup('CREATE', ctx.keys.stream('orders'), 'eventlens-recorder-99ff00aa', '$');
    try {
      const body = GroupsResponse.parse(await json(await get(getGroups, '/api/groups')));
      expect(body.groups.map((g) => g.name).sort()).toEqual(['billing', 'eventlens-recorder-99ff00aa']);
      expect(body.internalGroups).toEqual(['eventlens-recorder', 'eventlens-recorder-99ff00aa']);
    } finally {
      await ctx.redis.xgroup('DESTROY', ctx.keys.stream('orders'), 'eventlens-recorder-99ff00aa');
    }
  });
});
