import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { startTestRecorder } from '@/server/testing/recorder';
import {
  deletePrefix,
  eventually,
  proxiedRedis,
  startRedisProxy,
  testRedis,
  uniquePrefix,
} from '@/server/testing/redis';
import type { TcpProxy } from '@/server/testing/tcp-proxy';

describe('recorder while Redis is away', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let proxy: TcpProxy;
  let direct: Redis;
  const prefix = uniquePrefix('bh-redis-outage');

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore('postgres', 'redis-outage'));
    proxy = await startRedisProxy();
    direct = await testRedis();
  });
  afterAll(async () => {
    await proxy.close();
    await deletePrefix(direct, prefix);
    direct.disconnect();
    await cleanup();
  });

  it('stops without waiting for reads that will never settle', async () => {
    const redis = await proxiedRedis(proxy);
    const recorder = startTestRecorder(redis, store, prefix, { stopTimeoutMs: 500 });
    await recorder.ready;
    await direct.xadd(`${prefix}:{orders}:stream`, '*', 'event', '{}');
    await eventually(() => recorder.status().streams.length > 0, 5_000);
    await proxy.cut();
    await eventually(() => redis.status !== 'ready', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // its reader is now waiting to reconnect
    await recorder.stop();
    expect(recorder.status().state).toBe('stopped');
    redis.disconnect();
  });
});
