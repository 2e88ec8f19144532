/**
 * A session cookie kept after its session ended is worth nothing, over the real server (HTTP and
 * socket.io on one port, real Postgres and Redis): after a sign-out, and after an admin deletes the
 * user. The very next request is refused, inside the authenticator's cache lifetime, because ending a
 * session makes this process forget it; an open socket is cut by the revocation sweep.
 */
import { eq } from 'drizzle-orm';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '@/db/schema';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/contracts/live';
import { startApiApp, type ApiApp } from '@/server/testing/api-app';
import { appUser, type AppUser } from '@/server/testing/app-users';
import { eventually } from '@/server/testing/redis';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The bound for cutting an open socket. */
const SOCKET_CUT_MS = 5_000;

describe('a cookie replayed after its session ended', () => {
  let api: ApiApp;
  const clients: Client[] = [];

  /** `connected`, or the refusal's code (`UNAUTHENTICATED`). */
  const handshake = (cookie: string): Promise<{ outcome: string; socket: Client }> =>
    new Promise((resolve) => {
      const socket: Client = connectSocket(api.app.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie },
      });
      clients.push(socket);
      socket.once('connect', () => resolve({ outcome: 'connected', socket }));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
        resolve({ outcome: error.data?.code ?? error.message, socket }),
      );
    });

  const signIn = async (user: AppUser): Promise<string> => {
    const response = await api.fetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: api.app.url },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('eventlens.session_token='));
    return cookie!.split(';')[0]!;
  };

  const status = async (path: string, headers: Record<string, string>): Promise<number> => {
    const response = await api.fetch(path, { headers });
    await response.body?.cancel();
    return response.status;
  };

  beforeAll(async () => {
    api = await startApiApp('ended-sessions');
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await api?.cleanup();
  });

  it('after sign-out: 401 on the next request, a refused handshake, and the open socket cut', async () => {
    const user = await appUser(api.app.store.db, 'operator', 'signout');
    const cookie = await signIn(user);
    // warm the cache: without the fix, these verdicts would let the cookie in for the cache's lifetime
    expect(await status('/api/me', { cookie })).toBe(200);
    expect(await status('/api/events', { cookie })).toBe(200);
    const open = await handshake(cookie);
    expect(open.outcome).toBe('connected');

    const out = await api.fetch('/api/auth/sign-out', {
      method: 'POST',
      headers: { cookie, origin: api.app.url },
    });
    expect(out.status).toBe(200);
    expect(await api.app.store.db.select().from(sessions).where(eq(sessions.userId, user.userId))).toEqual(
      [],
    );

    expect(await status('/api/me', { cookie })).toBe(401);
    expect(await status('/api/events', { cookie })).toBe(401);
    expect((await handshake(cookie)).outcome).toBe('UNAUTHENTICATED');
    await eventually(() => open.socket.disconnected, SOCKET_CUT_MS);
    // the user's other credentials are untouched: only that session ended
    expect(await status('/api/me', { authorization: `Bearer ${user.token}` })).toBe(200);
  });

  it("after an admin deletes the user: 401 for the user's cookie and token, a refused handshake", async () => {
    const admin = await appUser(api.app.store.db, 'admin', 'deleter');
    const user = await appUser(api.app.store.db, 'analyst', 'deleted');
    const cookie = await signIn(user);
    const token = { authorization: `Bearer ${user.token}` };
    expect(await status('/api/me', { cookie })).toBe(200);
    expect(await status('/api/me', token)).toBe(200);
    const open = await handshake(cookie);
    expect(open.outcome).toBe('connected');

    const removed = await api.fetch(`/api/users/${user.userId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(removed.status).toBe(204);

    expect(await status('/api/me', { cookie })).toBe(401);
    expect(await status('/api/streams', { cookie })).toBe(401);
    expect(await status('/api/me', token)).toBe(401);
    expect((await handshake(cookie)).outcome).toBe('UNAUTHENTICATED');
    await eventually(() => open.socket.disconnected, SOCKET_CUT_MS);
    // the admin who deleted is still trusted
    expect(await status('/api/me', { authorization: `Bearer ${admin.token}` })).toBe(200);
  });
});
