/**
 * EVENTLENS_TRUSTED_PROXIES over a real app (server/app.ts with a web handler that echoes the client
 * address routes see), real Redis, Postgres and socket.io clients. Every test client is on loopback,
 * so a list without loopback makes the peer untrusted and a list with 127.0.0.1 makes it a proxy.
 */
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { startApp, type RunningApp, type WebHandlers } from './app';
import { CLIENT_IP_HEADER } from './http/client-ip';
import { createLogger } from './log';
import { appUser } from './testing/app-users';
import { testAppEnv } from './testing/app-env';
import { deletePrefix, testRedis, uniquePrefix } from './testing/redis';

const echoClientIp = async (): Promise<WebHandlers> => ({
  request: (req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(String(req.headers[CLIENT_IP_HEADER] ?? ''));
  },
  upgrade: (_req, socket) => {
    socket.destroy();
  },
  close: async () => {},
});

describe.each([
  { peer: 'untrusted', proxies: '10.0.0.0/8, 192.0.2.1' },
  { peer: 'trusted', proxies: '127.0.0.1' },
])('client address with an $peer peer', ({ peer, proxies }) => {
  let database: TestDatabase;
  let app: RunningApp;
  let prefix: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(`proxies-${peer}`);
    prefix = uniquePrefix('proxies');
    const env = testAppEnv(database, prefix, {
      EVENTLENS_SOCKETS_PER_IP: '1',
      EVENTLENS_TRUSTED_PROXIES: proxies,
    });
    app = await startApp({ env, log: createLogger('silent'), web: echoClientIp });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    const redis = await testRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await app?.close();
    await database?.drop();
  });

  const seenAs = async (forwardedFor?: string): Promise<string> => {
    const response = await fetch(app.url, {
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
    return response.text();
  };

  /** 'connected', or the refusal's code. */
  const socketAs = (token: string, forwardedFor: string): Promise<string> =>
    new Promise((resolve) => {
      const socket = connectSocket(app.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { 'x-forwarded-for': forwardedFor },
        auth: { token },
      });
      sockets.push(socket);
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
        resolve(error.data?.code ?? error.message),
      );
    });

  if (peer === 'untrusted') {
    it('ignores a spoofed X-Forwarded-For: requests and sockets count as the peer', async () => {
      expect(await seenAs()).toBe('127.0.0.1');
      expect(await seenAs('203.0.113.7')).toBe('127.0.0.1');
      const { token } = await appUser(app.store.db, 'viewer');
      expect(await socketAs(token, '203.0.113.7')).toBe('connected');
      // another claimed client, the same peer: the per-address cap of one holds
      expect(await socketAs(token, '198.51.100.9')).toBe('TOO_MANY_SOCKETS');
    });
  } else {
    it("takes the client from a trusted proxy's X-Forwarded-For: its rightmost untrusted hop", async () => {
      expect(await seenAs()).toBe('127.0.0.1');
      expect(await seenAs('203.0.113.7')).toBe('203.0.113.7');
      // the left entry could be written by the client itself; the proxy appended the right one
      expect(await seenAs('198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
      expect(await seenAs('203.0.113.7, 127.0.0.1')).toBe('203.0.113.7');
      const { token } = await appUser(app.store.db, 'viewer');
      expect(await socketAs(token, '203.0.113.7')).toBe('connected');
      expect(await socketAs(token, '198.51.100.9')).toBe('connected');
      expect(await socketAs(token, '203.0.113.7')).toBe('TOO_MANY_SOCKETS');
    });
  }
});
