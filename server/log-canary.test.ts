/**
 * The log sink of the masking rule: a canary in masked fields never reaches a log line. The real
 * server (server/app.ts: routes, recorder, live layer, sockets) logs through the product's logger at
 * its most verbose level (trace) into a captured stream; events carrying the canary are published
 * (envelopes, a confidential one, an oversized one, a foreign entry, one that is not an envelope at
 * all), recorded, tailed live by a viewer's socket and crawled by the viewer on every GET route, with
 * bad input, unknown ids and refused actions. Then every captured line is searched for the canary.
 * Bodies, frames and audit rows are masking.test.ts's; this file owns the log.
 */
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '@/app/api/registry';
import { createBus, type Bus } from './bus';
import { createKeys } from './bus/keys';
import type { ClientToServerEvents, ServerToClientEvents } from './contracts/live';
import { EventPage } from './contracts/events';
import { createLogger } from './log';
import { startApiApp, type ApiApp } from './testing/api-app';
import { appUser, type AppUser } from './testing/app-users';
import { eventually } from './testing/redis';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const CANARY = 'CANARY-LOG-5be21d';

// a whole server with its recorder and sockets, on a shared machine: more than the default 30 s
describe('log lines: a canary in masked fields never reaches the log', { timeout: 120_000 }, () => {
  const lines: string[] = [];
  let api: ApiApp;
  let bus: Bus;
  let admin: AppUser;
  let viewer: AppUser;
  let socket: Client | undefined;

  const call = async (
    path: string,
    headers: Record<string, string>,
    init: RequestInit = {},
  ): Promise<{ status: number; body: string }> => {
    const response = await api.fetch(path, { ...init, headers: { ...headers, origin: api.app.url } });
    return { status: response.status, body: await response.text() };
  };

  const publishCanaries = async (round: string): Promise<void> => {
    await bus.publish('payments', {
      type: 'payment.captured',
      correlationId: `corr-${round}`,
      data: { card: { number: CANARY, brand: 'visa' }, amount: 12 },
    });
    await bus.publish('payments', {
      type: 'payment.refunded',
      sensitivity: 'confidential',
      data: { secret: CANARY },
    });
    await bus.publish('payments', {
      type: 'payment.captured',
      data: { card: { number: CANARY }, pad: 'x'.repeat(64 * 1024) },
    });
    // a NUL Postgres would refuse in jsonb: the recorder's storable() path replaces it
    await bus.publish('payments', {
      type: 'payment.captured',
      data: { card: { number: `${CANARY}\u0000` } },
    });
    const keys = createKeys(api.prefix);
    // a foreign entry, and an entry in the envelope's field that is not one (it becomes a dead letter)
    await api.app.redis.xadd(keys.stream('legacy'), '*', 'card', CANARY, 'type', 'legacy.charge');
    await api.app.redis.xadd(keys.stream('payments'), '*', 'event', `{"specversion":"1.0","x":"${CANARY}"`);
  };

  beforeAll(async () => {
    const log = createLogger('trace', { service: 'eventlens' }, 'json', {
      write: (line: string) => void lines.push(line),
    });
    api = await startApiApp('log-canary', { env: { LOG_LEVEL: 'trace', EVENTLENS_RECORDER: '1' }, log });
    bus = createBus({ redis: api.app.redis, service: 'canary-shop', prefix: api.prefix, telemetry: false });
    admin = await appUser(api.app.store.db, 'admin', 'canary-admin');
    viewer = await appUser(api.app.store.db, 'viewer', 'canary-viewer');
  });
  afterAll(async () => {
    socket?.disconnect();
    await bus?.close({ timeoutMs: 1_000 });
    await api?.cleanup();
  });

  it('a viewer reads, tails and errs on everything; no log line holds the canary', async () => {
    const asAdmin = { authorization: `Bearer ${admin.token}` };
    const rule = await call('/api/masking-rules', asAdmin, {
      method: 'POST',
      body: JSON.stringify({ eventType: 'payment.*', path: '$.card.number', revealTo: 'admin' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(rule.status).toBe(201);

    await publishCanaries('recorded');
    const recorded = await eventually(async () => {
      const { status, body } = await call('/api/events?limit=200', asAdmin);
      const page = status === 200 ? EventPage.parse(JSON.parse(body)) : null;
      return page && page.items.length >= 5 ? page : null;
    }, 15_000);
    const ids = recorded.items.map((item) => item.id);

    const signIn = await api.fetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: api.app.url },
      body: JSON.stringify({ email: viewer.email, password: viewer.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('eventlens.session_token='))!
      .split(';')[0]!;
    const asViewer = { cookie };

    // the viewer's socket: a tail over everything, the aggregates, health; then more canaries arrive
    const client: Client = connectSocket(api.app.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: asViewer,
    });
    socket = client;
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
    const frames: unknown[] = [];
    client.on('tail:events', (frame) => frames.push(frame));
    expect((await client.emitWithAck('tail:subscribe', { filter: { topics: ['*'] } })).ok).toBe(true);
    const search = await client.emitWithAck('tail:subscribe', {
      tailId: 'probe',
      filter: { topics: ['*'], text: 'card' },
    });
    expect(search.ok).toBe(false);
    expect((await client.emitWithAck('topology:subscribe')).ok).toBe(true);
    expect((await client.emitWithAck('metrics:subscribe')).ok).toBe(true);
    await client.emitWithAck('health:get');
    await publishCanaries('live');
    await eventually(() => frames.length > 0, 10_000);

    // every GET route, with real and unknown ids, as the viewer; bad input; refused changes
    const statuses = new Set<number>();
    for (const key of Object.keys(API_ROUTES)) {
      if (!key.startsWith('GET ')) continue;
      const path = key.slice(4);
      for (const id of path.includes('{id}') ? [...ids, 'no-such-event'] : ['']) {
        const url = path.replace('{id}', encodeURIComponent(id));
        for (const query of ['', '?part=rawFields', '?limit=abc', '?x=%00', '?q=card']) {
          statuses.add((await call(`${url}${query}`, asViewer)).status);
        }
      }
    }
    const refused = [
      await call('/api/masking-rules', asViewer, {
        method: 'POST',
        body: JSON.stringify({ eventType: '*', path: '$.card.number' }),
        headers: { 'content-type': 'application/json' },
      }),
      await call(`/api/dead-letters/${encodeURIComponent(ids[0]!)}/discard`, asViewer, { method: 'POST' }),
      await call(`/api/events?where=${encodeURIComponent('$.card.number')}`, asViewer),
      await call('/api/events', {}),
      await call('/api/events/%ZZ', asViewer),
      await call('/api/auth/get-session', asViewer),
    ];
    expect(refused.map((r) => r.status).slice(0, 4)).toEqual([403, 403, 403, 401]);
    for (const status of [200, 400, 403, 404]) expect(statuses.has(status), String(status)).toBe(true);

    // bodies and frames too, as a cross-check of the crawl (masking.test.ts owns them)
    for (const { body } of refused) expect(body).not.toContain(CANARY);
    expect(JSON.stringify(frames)).not.toContain(CANARY);

    await socket.disconnect();
    await bus.close({ timeoutMs: 1_000 });
    await api.app.close(); // shutdown lines included
    expect(lines.some((line) => line.includes('recording new streams'))).toBe(true);
    expect(lines.filter((line) => line.includes(CANARY))).toEqual([]);
  });
});
