/**
 * The server's edges over a real app (server/app.ts with a stub web handler), real Redis, Postgres and
 * socket.io clients: who may open a socket, how many, what a viewer's tail shows, how fast a revoked
 * session or a lowered role takes effect, the Host allowlist and the security headers.
 */
import { request as httpRequest } from 'node:http';
import { eq } from 'drizzle-orm';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, sessions, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { startApp, type RunningApp, type WebHandlers } from './app';
import { createBus, type Bus } from './bus';
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents } from './contracts/live';
import { createLogger } from './log';
import { appUser, sessionCookie, type AppUser } from './testing/app-users';
import { testAppEnv } from './testing/app-env';
import { deletePrefix, eventually, testRedis, uniquePrefix } from './testing/redis';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Echoes the policy the request carried, so a test sees what Next would read. */
const echoWeb = async (): Promise<WebHandlers> => ({
  request: (req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(String(req.headers['content-security-policy'] ?? ''));
  },
  upgrade: (_req, socket) => {
    socket.destroy();
  },
  close: async () => {},
});

describe('the server edges: sockets, Host, headers', () => {
  let database: TestDatabase;
  let app: RunningApp;
  let prefix: string;
  let bus: Bus;
  const clients: Client[] = [];

  const open = (
    options: { token?: string; headers?: Record<string, string>; url?: string } = {},
  ): Promise<Client> =>
    new Promise((resolve, reject) => {
      const socket: Client = connectSocket(options.url ?? app.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        ...(options.headers ? { extraHeaders: options.headers } : {}),
        ...(options.token ? { auth: { token: options.token } } : {}),
      });
      clients.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });
  const refusal = (options: Parameters<typeof open>[0]): Promise<string> =>
    open(options).then(
      () => 'connected',
      (error: Error & { data?: { code?: string } }) => error.data?.code ?? error.message,
    );
  const closed = (socket: Client): Promise<void> =>
    new Promise((resolve) => {
      if (socket.disconnected) resolve();
      else socket.once('disconnect', () => resolve());
    });

  beforeAll(async () => {
    database = await createTestDatabase('edge');
    prefix = uniquePrefix('edge');
    const env = testAppEnv(database, prefix, {
      EVENTLENS_SOCKETS_PER_USER: '3',
      EVENTLENS_SOCKETS_PER_IP: '5',
      EVENTLENS_ALLOWED_HOSTS: 'console.example, other.example',
      EVENTLENS_PUBLIC_URL: 'https://eventlens.example',
    });
    app = await startApp({ env, log: createLogger('silent'), web: echoWeb });
    bus = createBus({ redis: app.redis, service: 'edge-test', prefix, telemetry: false });
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await bus?.close({ timeoutMs: 1_000 });
    const redis = await testRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await app?.close();
    await database?.drop();
  });

  const disconnectAll = async (): Promise<void> => {
    const open = clients.splice(0).filter((c) => c.connected);
    for (const client of open) client.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the server sees the closes
  };

  it('refuses a socket without credentials or with a wrong token, and accepts a token or a cookie', async () => {
    const analyst = await appUser(app.store.db, 'analyst');
    expect(await refusal({})).toBe('UNAUTHENTICATED');
    expect(await refusal({ token: 'elt_' + 'x'.repeat(43) })).toBe('UNAUTHENTICATED');
    expect(await refusal({ token: analyst.token })).toBe('connected');
    expect(await refusal({ headers: { authorization: `Bearer ${analyst.token}` } })).toBe('connected');
    expect(await refusal({ headers: { cookie: await sessionCookie(analyst) } })).toBe('connected');
    await disconnectAll();
  });

  it('refuses a socket from a foreign origin even with a valid session cookie', async () => {
    const user = await appUser(app.store.db, 'admin');
    const cookie = await sessionCookie(user);
    const host = new URL(app.url).host;
    expect(await refusal({ headers: { cookie, origin: 'https://evil.example' } })).not.toBe('connected');
    expect(await refusal({ headers: { cookie, origin: 'null' } })).not.toBe('connected');
    expect(await refusal({ headers: { cookie, origin: `http://${host}` } })).toBe('connected');
    expect(await refusal({ headers: { cookie, origin: 'https://eventlens.example' } })).toBe('connected');
    await disconnectAll();
  });

  it('caps sockets per user and per address; a closed socket frees its place', async () => {
    const [a, b] = [
      await appUser(app.store.db, 'viewer', 'cap-a'),
      await appUser(app.store.db, 'viewer', 'cap-b'),
    ];
    const held = [
      await open({ token: a.token }),
      await open({ token: a.token }),
      await open({ token: a.token }),
    ];
    expect(await refusal({ token: a.token })).toBe('TOO_MANY_SOCKETS'); // the user's 4th
    await open({ token: b.token });
    await open({ token: b.token });
    expect(await refusal({ token: b.token })).toBe('TOO_MANY_SOCKETS'); // the address' 6th
    held[0]!.disconnect();
    await eventually(async () => (await refusal({ token: b.token })) === 'connected', 3_000);
    await disconnectAll();
  });

  const tailEvents = (socket: Client): LiveEvent[] => {
    const seen: LiveEvent[] = [];
    socket.on('tail:events', (frame) => {
      for (const batch of frame.tails) seen.push(...batch.events);
    });
    return seen;
  };

  it("sends a viewer's tail without payloads, an analyst's with them, and refuses a viewer's text search", async () => {
    const viewer = await appUser(app.store.db, 'viewer', 'tail-v');
    const analyst = await appUser(app.store.db, 'analyst', 'tail-a');
    const v = await open({ token: viewer.token });
    const a = await open({ token: analyst.token });
    const [vSeen, aSeen] = [tailEvents(v), tailEvents(a)];
    for (const socket of [v, a]) {
      const ack = await socket.emitWithAck('tail:subscribe', { filter: { topics: ['secrets'] } });
      expect(ack.ok).toBe(true);
    }
    const search = await v.emitWithAck('tail:subscribe', {
      tailId: 's',
      filter: { topics: ['*'], text: 'card' },
    });
    expect(search).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await bus.publish('secrets', { type: 'card.added', data: { card: '4111 1111 1111 1111' } });
    await eventually(() => vSeen.length > 0 && aSeen.length > 0, 5_000);
    expect(vSeen[0]).toMatchObject({ type: 'card.added', masked: { all: true } });
    expect(JSON.stringify(vSeen)).not.toContain('4111');
    expect(aSeen[0]!.preview).toContain('4111');
    await disconnectAll();
  });

  it('cuts a socket within 5 s of its session being revoked or its token revoked', async () => {
    const user = await appUser(app.store.db, 'operator', 'revoke');
    const bySession = await open({ headers: { cookie: await sessionCookie(user) } });
    const byToken = await open({ token: user.token });
    const started = Date.now();
    await app.store.db.delete(sessions).where(eq(sessions.userId, user.userId));
    await app.store.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, user.tokenId));
    await Promise.all([closed(bySession), closed(byToken)]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await refusal({ token: user.token })).toBe('UNAUTHENTICATED');
    await disconnectAll();
  });

  it('re-scopes a socket within 5 s of its role being lowered: payloads and payload searches stop', async () => {
    const user: AppUser = await appUser(app.store.db, 'operator', 'lowered');
    const socket = await open({ headers: { cookie: await sessionCookie(user) } });
    const seen = new Map<string, LiveEvent[]>([
      ['default', []],
      ['search', []],
    ]);
    socket.on('tail:events', (frame) => {
      for (const batch of frame.tails) seen.get(batch.tailId)?.push(...batch.events);
    });
    const [all, search] = [seen.get('default')!, seen.get('search')!];
    expect((await socket.emitWithAck('tail:subscribe', { filter: { topics: ['lowered'] } })).ok).toBe(true);
    const searching = { tailId: 'search', filter: { topics: ['lowered'], text: 'secret' } };
    expect((await socket.emitWithAck('tail:subscribe', searching)).ok).toBe(true);
    await bus.publish('lowered', { type: 't', data: { secret: 'before' } });
    await eventually(() => all.length === 1 && search.length === 1, 5_000);
    expect(all[0]!.preview).toContain('before');
    await app.store.db.update(users).set({ role: 'viewer' }).where(eq(users.id, user.userId));
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(socket.connected).toBe(true);
    await bus.publish('lowered', { type: 't', data: { secret: 'after' } });
    await eventually(() => all.length === 2, 5_000);
    expect(all[1]).toMatchObject({ masked: { all: true } });
    expect(all[1]!.preview).not.toContain('after');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a search match would have come with it
    expect(search).toHaveLength(1);
    await disconnectAll();
  });

  const rawGet = (
    host: string | null,
    path = '/',
  ): Promise<{ status: number; headers: Record<string, unknown>; body: string }> =>
    new Promise((resolve, reject) => {
      const url = new URL(app.url);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'GET',
          setHost: host !== null,
          headers: host ? { host } : {},
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('answers only to its own host names (DNS rebinding), with a one-line reason', async () => {
    for (const host of [
      'localhost:3000',
      '127.0.0.1',
      '[::1]:80',
      'console.example',
      'other.example:8080',
      'eventlens.example',
    ]) {
      expect((await rawGet(host)).status, host).toBe(200);
    }
    const refused = await rawGet('attacker.example:3000');
    expect(refused.status).toBe(421);
    expect(refused.body.trim().split('\n')).toHaveLength(1);
    expect(refused.body).toContain('attacker.example');
    expect((await rawGet('attacker.example', '/socket.io/?EIO=4&transport=polling')).status).toBe(421);
  });

  it('sends a fresh CSP nonce on every response, and the same policy to the web handler', async () => {
    const [one, two] = [await rawGet('localhost'), await rawGet('localhost')];
    const policy = String(one.headers['content-security-policy']);
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval'); // NODE_ENV is not development here
    expect(one.body).toBe(policy); // what Next reads the nonce from
    expect(two.headers['content-security-policy']).not.toBe(policy);
    expect(one.headers['x-content-type-options']).toBe('nosniff');
    expect(one.headers['referrer-policy']).toBe('same-origin');
  });
});
