import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/db/client';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { createRedis } from '@/server/bus/connection';
import { startTcpProxy, type TcpProxy } from '@/server/testing/tcp-proxy';
import { storeCause } from '@/db/store-cause';
import { presentHealth } from '@/server/access/present-health';
import { lastConnectionError, redisCause } from '@/server/bus/connection-cause';
import { freePort } from '@/server/demo/free-port';
import { describeInstance, touchInstance } from '@/server/services/instances';
import { eventually } from '@/server/testing/redis';
import { redisWhere, storeWhere } from './dependency-hints';
import { loadEnv } from './env';
import { parseRedisVersion, probeHealth } from './health';

describe('probeHealth against real Redis and Postgres', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let store: Store;
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { name: 'eventlens:test' });
  const check = async (): Promise<void> => {
    await store.pg!`select 1`;
  };

  beforeAll(async () => {
    database = await createTestDatabase('health');
    proxy = await startTcpProxy(5432);
    store = await createStore({ url: proxy.url(database.url), max: 2 });
  });
  afterAll(async () => {
    redis.disconnect();
    await store.close();
    await proxy.close();
    await database.drop();
  });

  it('is healthy when both answer', async () => {
    const health = await probeHealth({
      redis,
      store: { kind: 'postgres', check },
      startedAt: Date.now() - 5_000,
    });
    expect(health.status).toBe('healthy');
    expect(health.redis.ok).toBe(true);
    expect(health.redis.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(health.store).toMatchObject({ ok: true, kind: 'postgres' });
    expect(health.uptimeS).toBe(5);
    expect(health.recorder).toBeNull();
  });

  it('is degraded, not unhealthy, while its recorder cannot write', async () => {
    const recorder = { state: 'degraded' as const, lagMs: 4_200, eventsPerSec: 0, lastCommitAt: null };
    const health = await probeHealth({
      redis,
      store: { kind: 'postgres', check },
      recorder: () => recorder,
      startedAt: Date.now(),
    });
    expect(health.status).toBe('degraded');
    expect(health.recorder).toEqual(recorder);
  });

  it('is unhealthy while the store is cut off, and recovers without a new client', async () => {
    await proxy.cut();
    const down = await probeHealth({
      redis,
      store: { kind: 'postgres', check },
      startedAt: Date.now(),
      timeoutMs: 500,
    });
    expect(down.status).toBe('unhealthy');
    expect(down.store.ok).toBe(false);
    expect(down.store.error).toBeTruthy();
    expect(down.redis.ok).toBe(true);

    await proxy.restore();
    const up = await probeHealth({ redis, store: { kind: 'postgres', check }, startedAt: Date.now() });
    expect(up.status).toBe('healthy');
  });

  it('is unhealthy when Redis does not answer', async () => {
    const dead = createRedis('redis://127.0.0.1:1', { name: 'eventlens:test' });
    dead.on('error', () => {
      // expected: nothing listens on port 1
    });
    const health = await probeHealth({
      redis: dead,
      store: { kind: 'postgres', check },
      startedAt: Date.now(),
      timeoutMs: 300,
    });
    dead.disconnect();
    expect(health.status).toBe('unhealthy');
    expect(health.redis).toMatchObject({ ok: false, latencyMs: null, version: null });
  });

  it("says why each is down (the socket's error) and where it connects, through the masking presenter", async () => {
    const redisPort = await freePort();
    const storePort = await freePort();
    const dead = createRedis(`redis://:redis-sekret@127.0.0.1:${redisPort}`, { name: 'eventlens:test' });
    dead.on('error', () => {
      // expected: nothing listens there
    });
    const deadStore = await createStore({ url: `postgres://el:pg-sekret@127.0.0.1:${storePort}/el`, max: 1 });
    const env = loadEnv({
      REDIS_URL: `redis://:redis-sekret@127.0.0.1:${redisPort}`,
      DATABASE_URL: `postgres://el:pg-sekret@127.0.0.1:${storePort}/el`,
    });
    try {
      await eventually(() => lastConnectionError(dead), 5_000);
      const self = describeInstance('server', 'test');
      const health = presentHealth(
        await probeHealth({
          redis: dead,
          store: { kind: 'postgres', check: () => touchInstance(deadStore.db, self) },
          startedAt: Date.now(),
          timeoutMs: 2_000,
          explain: { redis: (error) => redisCause(error, dead), store: storeCause },
          where: { redis: redisWhere(env, { url: env.REDIS_URL!, local: null }), store: storeWhere(env) },
        }),
      );
      expect(health.redis).toMatchObject({
        ok: false,
        error: `connect ECONNREFUSED 127.0.0.1:${redisPort}`,
        target: `redis://:***@127.0.0.1:${redisPort}`,
        check: expect.stringContaining('REDIS_URL'),
      });
      expect(health.store).toMatchObject({
        ok: false,
        error: `connect ECONNREFUSED 127.0.0.1:${storePort}`,
        target: `postgres://el:***@127.0.0.1:${storePort}/el`,
        check: expect.stringContaining('DATABASE_URL'),
      });
      expect(JSON.stringify(health)).not.toContain('sekret');
    } finally {
      dead.disconnect();
      await deadStore.close();
    }
  });
});

describe('parseRedisVersion', () => {
  it('reads redis_version from INFO server', () => {
    expect(parseRedisVersion('# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone')).toBe('7.2.4');
    expect(parseRedisVersion('nothing')).toBeNull();
  });
});
