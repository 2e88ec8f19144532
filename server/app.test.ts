import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { events } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { createBus, createRedis } from './bus';
import type { Health } from './contracts/health';
import type { ClientToServerEvents, ServerToClientEvents } from './contracts/live';
import { startApp, type RunningApp, type WebHandlers } from './app';
import { startLocalRedis, type LocalRedis } from './demo/redis-server';
import { loadEnv } from './env';
import { createLogger } from './log';
import { appUser } from './testing/app-users';
import { eventually } from './testing/redis';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy';

const notFound = async (): Promise<WebHandlers> => ({
  request: (_req, res) => {
    res.statusCode = 404;
    res.end('not next');
  },
  upgrade: (_req, socket) => {
    socket.destroy();
  },
  close: async () => {},
});

describe('the app server (socket.io beside a web handler, live health)', () => {
  let dataDir: string;
  let redis: LocalRedis;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let app: RunningApp;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const updates: Health[] = [];

  const nextUpdate = (predicate: (h: Health) => boolean, timeoutMs: number): Promise<Health> =>
    new Promise((resolve, reject) => {
      const started = updates.length;
      const timer = setInterval(() => {
        const hit = updates.slice(started).find(predicate);
        if (hit) {
          clearInterval(timer);
          clearTimeout(deadline);
          resolve(hit);
        }
      }, 20);
      const deadline = setTimeout(() => {
        clearInterval(timer);
        reject(new Error(`no matching health:update within ${timeoutMs} ms`));
      }, timeoutMs);
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'eventlens-app-'));
    redis = await startLocalRedis({ dataDir, appendOnly: false });
    database = await createTestDatabase('app');
    proxy = await startTcpProxy(5432);
    const env = loadEnv({
      PORT: '0',
      REDIS_URL: redis.url,
      DATABASE_URL: proxy.url(database.url),
      EVENTLENS_PREFIX: 'apptest',
      LOG_LEVEL: 'silent',
      EVENTLENS_DATA_DIR: dataDir,
    });
    app = await startApp({ env, log: createLogger('silent'), web: notFound });
    // sockets need credentials: an admin's API token
    const { token } = await appUser(app.store.db, 'admin');
    socket = connectSocket(app.url, { transports: ['websocket'], reconnectionDelay: 100, auth: { token } });
    socket.on('health:update', (h) => updates.push(h));
  });

  afterAll(async () => {
    socket?.disconnect();
    await app?.close();
    await redis?.stop();
    await proxy?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the current health to a new socket', async () => {
    const health = await nextUpdate(() => true, 5_000);
    expect(health.status).toBe('healthy');
    expect(health.store.kind).toBe('postgres');
  });

  it('answers health:get with an ack', async () => {
    const health = await socket.timeout(2_000).emitWithAck('health:get');
    expect(health.redis.ok).toBe(true);
  });

  it('hands non-socket.io requests to the web handler', async () => {
    const response = await fetch(`${app.url}/anything`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('not next');
  });

  it('answers a path Next cannot decode with a JSON 400 before Next sees it', async () => {
    for (const path of ['/api/events/%', '/api/events/%zz', '/api/events/%ED%A0%80', '/events/%C0%AE']) {
      const response = await fetch(`${app.url}${path}?x=1`);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json');
      const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.issues).toEqual([
        { path: 'path', message: expect.stringContaining(path.slice(path.lastIndexOf('/') + 1)) },
      ]);
    }
    expect((await fetch(`${app.url}/api/events/a%2Fb%20c`)).status).toBe(404); // decodable: Next's
    // Next re-encodes the query it hands to routes (%zz becomes %25zz), so the dispatcher checks it
    const query = await fetch(`${app.url}/api/events?topic=%zz`);
    expect(query.status).toBe(400);
    expect(((await query.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe(
      'query.topic',
    );
  });

  it('reports Redis down within 5 s and recovers when it returns, without a restart', async () => {
    const port = redis.port;
    await redis.stop();
    const down = await nextUpdate((h) => !h.redis.ok, 5_000);
    expect(down.status).toBe('unhealthy');
    redis = await startLocalRedis({ dataDir, port, appendOnly: false });
    // healthy, or degraded while the recorder's read loop is still backing off from the outage
    const up = await nextUpdate((h) => h.redis.ok && h.status !== 'unhealthy', 10_000);
    expect(up.redis.version).toBeTruthy();
  });

  it('reports the store down within 5 s and recovers when it returns', async () => {
    await proxy.cut();
    const down = await nextUpdate((h) => !h.store.ok, 5_000);
    expect(down.status).toBe('unhealthy');
    await proxy.restore();
    await nextUpdate((h) => h.store.ok && h.status !== 'unhealthy', 10_000);
  });

  it('records what is published into the store, and reports its recorder in the health', async () => {
    const connection = createRedis(redis.url);
    const bus = createBus({ redis: connection, prefix: 'apptest', service: 'app-test' });
    try {
      await bus.publish('orders', { type: 'order.placed', data: { id: 1 } });
      await eventually(async () => {
        const [row] = await app.store.db.select({ n: count() }).from(events);
        return row?.n === 1;
      }, 10_000);
    } finally {
      await bus.close();
      connection.disconnect();
    }
    const health = await nextUpdate((h) => h.recorder?.lastCommitAt !== null, 5_000);
    expect(health.recorder).toMatchObject({ state: 'running' });
  });

  it('closes cleanly and quickly', async () => {
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(fetch(`${app.url}/anything`)).rejects.toThrow();
  });
});
