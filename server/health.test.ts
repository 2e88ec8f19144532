import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/db/client';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { createRedis } from '@/server/bus/connection';
import { startTcpProxy, type TcpProxy } from '@/server/testing/tcp-proxy';
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
});

describe('parseRedisVersion', () => {
  it('reads redis_version from INFO server', () => {
    expect(parseRedisVersion('# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone')).toBe('7.2.4');
    expect(parseRedisVersion('nothing')).toBeNull();
  });
});
