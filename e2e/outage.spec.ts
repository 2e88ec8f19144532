import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { freePort } from '@/server/demo/free-port';
import { startLocalRedis, type LocalRedis } from '@/server/demo/redis-server';
import { startTcpProxy, type TcpProxy } from '@/server/testing/tcp-proxy';
import { startServer, type RunningServer } from './support/server';
import { signIn } from './support/sign-in';

/**
 * A server of its own, wired to a private redis-server and a cuttable proxy in front of Postgres. No
 * traffic: the empty pages offer `npm run demo` only while Redis and the store answer.
 */
test.describe('outages turn the indicator red and heal without a restart', () => {
  // one server for the block, started in beforeAll: its tests stay in one worker, in order
  test.describe.configure({ mode: 'default' });
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
      env: {
        REDIS_URL: redis.url,
        // trust auth ignores the password: it is here to be hidden
        DATABASE_URL: withPassword(proxy.url(database.url), 'outage-sekret'),
        EVENTLENS_PREFIX: 'outage',
      },
    });
  });

  // the health report's details are for signed-in callers: page.request shares the page's cookie
  test.beforeEach(({ page }) => signIn(page.request, server.url));

  test.afterAll(async () => {
    const stopped = await server?.stop();
    await redis?.stop();
    await proxy?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(stopped?.code, `the server's last output:\n${stopped?.output ?? ''}`).toBe(0);
    expect(stopped?.ms).toBeLessThan(10_000);
  });

  test('Redis down, then back', async ({ page }) => {
    await page.goto(server.url);
    await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();
    // nothing seen and Redis answers: the demo is the way to get traffic
    await expect(page.getByRole('heading', { name: 'No streams seen yet' })).toBeVisible();
    await expect(page.getByText('npm run demo').first()).toBeVisible();

    const port = redis.port;
    const refused = `connect ECONNREFUSED 127.0.0.1:${port}`;
    await redis.stop();
    await expect(page.getByRole('status', { name: 'Connection: Redis down' })).toBeVisible({
      timeout: 5_000,
    });
    // until the first reconnect fails the report names the address ("connection to … lost"); then the socket's error
    await expect
      .poll(async () => {
        const down = await page.request.get(`${server.url}/api/health`);
        return { status: down.status(), redis: (await down.json()).redis };
      })
      .toMatchObject({ status: 503, redis: { ok: false, error: refused } });

    // every page says so with the socket's error (not ioredis' "Stream isn't writeable…"), where
    // EventLens connects and what to check; the demo hint is gone: it would fail the same way
    for (const path of ['/', '/streams', '/events', '/flows']) {
      await page.goto(`${server.url}${path}`);
      const notice = page.getByRole('alert', { name: 'Redis is unreachable' });
      await expect(notice).toContainText(refused);
      await expect(notice).toContainText(`EventLens connects to redis://127.0.0.1:${port}`);
      await expect(notice).toContainText('REDIS_URL');
      await expect(page.getByText(/Stream isn't writeable|Connection is closed/)).toHaveCount(0);
      await expect(page.getByText('npm run demo')).toHaveCount(0);
    }

    redis = await startLocalRedis({ dataDir, port, appendOnly: false });
    await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible({
      timeout: 10_000,
    });
    expect((await page.request.get(`${server.url}/api/health`)).status()).toBe(200);
  });

  test('store down, then back', async ({ page }) => {
    await page.goto(server.url);
    await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();

    await proxy.cut();
    await expect(page.getByRole('status', { name: 'Connection: Store down' })).toBeVisible({
      timeout: 5_000,
    });
    const down = await page.request.get(`${server.url}/api/health`);
    expect(down.status()).toBe(503);
    const store = (await down.json()).store;
    expect(store.ok).toBe(false);
    expect(store.target).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\//);

    const notice = page.getByRole('alert', { name: 'The store is unreachable' });
    // the page shows the driver's own cause, as the health report does; which one a probe meets depends
    // on the moment (an open connection closed, a new one refused, no answer in time on a loaded machine)
    const cause =
      /connect ECONNREFUSED 127\.0\.0\.1:\d+|write CONNECTION_CLOSED 127\.0\.0\.1:\d+|no answer within \d+ ms/;
    expect(store.error).toMatch(cause);
    await expect(notice).toContainText(cause);
    await expect(notice).toContainText('DATABASE_URL');
    await expect(notice).not.toContainText('Failed query');
    await expect(notice).not.toContainText('outage-sekret');
    await expect(page.getByText('npm run demo')).toHaveCount(0);

    await proxy.restore();
    await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible({
      timeout: 10_000,
    });
    expect((await page.request.get(`${server.url}/api/health`)).status()).toBe(200);
  });

  test('Settings shows the settings in use, the password hidden', async ({ page }) => {
    await page.goto(`${server.url}/settings`);
    const connections = page.getByRole('table', { name: 'Connections' });
    const redisRow = connections.getByRole('row', { name: /^Redis / });
    await expect(redisRow).toContainText(redis.url);
    await expect(redisRow).toContainText('set');
    await expect(connections.getByRole('row', { name: /^Store / })).toContainText(
      /postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\//,
    );
    await expect(connections.getByRole('row', { name: /^Key prefix / })).toContainText('outage');
    const recording = page.getByRole('table', { name: 'Recording' });
    await expect(recording.getByRole('row', { name: /^Retention / })).toContainText('7 days');
    await expect(recording.getByRole('row', { name: /^Retention / })).toContainText('default');
    await expect(page.getByText('outage-sekret')).toHaveCount(0);
  });
});

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}
