/**
 * Routes that read the store while it is away answer 503 naming the driver's error (not drizzle's
 * "Failed query: <statement> params: <values>", which was a 500 "internal error").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/db/client';
import { ApiError } from '@/server/contracts/errors';
import { freePort } from '@/server/demo/free-port';
import { appContext, registerAppContext } from '@/server/http/context';
import { get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET as getEvents } from './events/route';

describe('REST API without the store (route handlers, Postgres on a closed port)', () => {
  let ctx: TestContext;
  let dead: Store;
  let port: number;

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-store-down');
    port = await freePort();
    dead = await createStore({ url: `postgres://eventlens:sekret@127.0.0.1:${port}/eventlens`, max: 1 });
  });
  afterAll(async () => {
    await dead.close();
    await ctx.cleanup();
  });

  it('answers 503 STORE_UNAVAILABLE with the real cause', async () => {
    const registered = appContext();
    registerAppContext({ ...registered, db: dead.db });
    try {
      const response = await get(getEvents, '/api/events');
      expect(response.status).toBe(503);
      expect(ApiError.parse(await json(response)).error).toEqual({
        code: 'STORE_UNAVAILABLE',
        message: `the store is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
      });
      expect(ctx.logged).toEqual([]);
    } finally {
      registerAppContext(registered);
    }
  });
});
