import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { freePort } from '@/server/demo/free-port';
import { startLocalRedis, type LocalRedis } from '@/server/demo/redis-server';
import { startTcpProxy, type TcpProxy } from '@/server/testing/tcp-proxy';
import { startServer, type RunningServer } from './support/server';

/** A server of its own, wired to a private redis-server and a cuttable proxy in front of Postgres. */
test.describe('outages turn the indicator red and heal without a restart', () => {
  let dataDir: string;
  let redis: LocalRedis;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'eventlens-outage-'));
    redis = await startLocalRedis({ dataDir, appendOnly: false });
    database = await createTestDatabase('outage');
    proxy = await startTcpProxy(5432);
    server = await startServer({
      port: await freePort(),
      quiet: true,
      env: { REDIS_URL: redis.url, DATABASE_URL: proxy.url(database.url), EVENTLENS_PREFIX: 'outage' },
    });
  });

  test.afterAll(async () => {
    const stopped = await server?.stop();
    await redis?.stop();
    await proxy?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(stopped?.code).toBe(0);
    expect(stopped?.ms).toBeLessThan(10_000);
  });

  test('Redis down, then back', async ({ page, request }) => {
    await page.goto(server.url);
    await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();

    const port = redis.port;
    await redis.stop();
    await expect(page.getByRole('status', { name: 'Connection: Redis down' })).toBeVisible({
      timeout: 5_000,
    });
    const down = await request.get(`${server.url}/api/health`);
    expect(down.status()).toBe(503);
    expect((await down.json()).redis.ok).toBe(false);

    redis = await startLocalRedis({ dataDir, port, appendOnly: false });
    await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible({
      timeout: 10_000,
    });
    expect((await request.get(`${server.url}/api/health`)).status()).toBe(200);
  });

  test('store down, then back', async ({ page, request }) => {
    await page.goto(server.url);
    await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();

    await proxy.cut();
    await expect(page.getByRole('status', { name: 'Connection: Store down' })).toBeVisible({
      timeout: 5_000,
    });
    const down = await request.get(`${server.url}/api/health`);
    expect(down.status()).toBe(503);
    expect((await down.json()).store.ok).toBe(false);

    await proxy.restore();
    await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible({
      timeout: 10_000,
    });
    expect((await request.get(`${server.url}/api/health`)).status()).toBe(200);
  });
});
