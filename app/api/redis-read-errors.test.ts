/**
 * How the Redis-inspection reads fail, through the route handlers: only "Redis is unreachable" is a
 * 503 (app/api/redis-unavailable.test.ts); a topic with no stream is a 404, a key of another Redis type
 * a 409 that says so, and any other Redis error a logged 500. Real Postgres and Redis (own key prefix).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, waitForReady } from '@/server/bus/connection';
import { ApiError } from '@/server/contracts/errors';
import { appContext, registerAppContext } from '@/server/http/context';
import { seedOrdersAndBilling } from '@/server/testing/api-bus-fixture';
import { get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { TEST_REDIS_URL } from '@/server/testing/redis';
import { GET as getGroups } from './groups/route';
import { GET as getStreams } from './streams/route';

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const { error } = ApiError.parse(await json(response));
  return { status: response.status, code: error.code, message: error.message };
}

describe('REST API: Redis read errors (route handlers over real Postgres and Redis)', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-read-errors');
    await seedOrdersAndBilling(ctx, Date.now());
  });
  afterAll(() => ctx.cleanup());

  it('answers 404 for the groups of a topic asked for by name that has no stream', async () => {
    expect(await errorOf(await get(getGroups, '/api/groups?topic=ghost'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: expect.stringContaining('topic "ghost"'),
    });
    // the streams list still reports a name it was asked for, as not existing (its contract)
    expect((await get(getStreams, '/api/streams?topic=ghost')).status).toBe(200);
  });

  it('answers 409 naming the key when a stream key holds another type (WRONGTYPE)', async () => {
    await ctx.redis.set(ctx.keys.stream('clobbered'), 'not a stream');
    for (const [handler, path] of [
      [getStreams, '/api/streams?topic=clobbered'],
      [getGroups, '/api/groups?topic=clobbered'],
    ] as const) {
      expect(await errorOf(await get(handler, path))).toMatchObject({
        status: 409,
        code: 'WRONG_TYPE',
        message: expect.stringMatching(/topic "clobbered" \(key [^)]*clobbered[^)]*\).*WRONGTYPE/),
      });
    }
    expect(ctx.logged).toEqual([]);
  });

  it('answers 500 and logs any other Redis error (here NOPERM), never 503', async () => {
    const user = `eventlens-test-${randomBytes(4).toString('hex')}`;
    await ctx.redis.call('ACL', 'SETUSER', user, 'on', 'nopass', '~*', '&*', '+@all', '-hgetall');
    const limited = createRedis(TEST_REDIS_URL.replace('redis://', `redis://${user}:x@`), {
      name: 'eventlens:test',
    });
    const registered = appContext();
    try {
      await waitForReady(limited, 5_000);
      registerAppContext({ ...registered, redis: limited });
      const before = ctx.logged.length;
      expect(await errorOf(await get(getStreams, '/api/streams'))).toMatchObject({
        status: 500,
        code: 'INTERNAL',
      });
      expect(ctx.logged.length).toBe(before + 1);
    } finally {
      registerAppContext(registered);
      limited.disconnect();
      await ctx.redis.call('ACL', 'DELUSER', user);
    }
  });

  it('answers 409 when the topic registry itself holds another type', async () => {
    await ctx.redis.set(ctx.keys.topics(), 'not a hash');
    expect(await errorOf(await get(getStreams, '/api/streams'))).toMatchObject({
      status: 409,
      code: 'WRONG_TYPE',
      message: expect.stringContaining('reading the topic registry'),
    });
  });
});
