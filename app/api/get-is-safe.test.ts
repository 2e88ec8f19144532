/**
 * A GET changes nothing: every GET route of the registry, called by an admin (with a bearer token and
 * with a session cookie) with parameters built from seeded data and with bogus ones, leaves every
 * table's rows and every Redis key under the prefix as they were. Two writes a read makes by design
 * are named, not hidden: an API token's last_used_at (throttled bookkeeping shown on the tokens page),
 * and better-auth's sliding refresh of the caller's own session once it is older than its updateAge.
 * Reads are not audited by design (only denials are, and an admin is denied nothing), so audit_log is
 * compared whole.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadLetters,
  events,
  replayJobLetters,
  replayJobs,
  sagaInstances,
  sagaSteps,
  sessions,
} from '@/db/schema';
import { seedOrdersAndBilling } from '@/server/testing/api-bus-fixture';
import { request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET_CALLS } from '@/server/testing/get-calls';
import { redisState, tableStates } from '@/server/testing/state-snapshot';
import { deadLetterRow, eventRow } from '@/server/testing/store-rows';
import { GET as authGet, POST as authPost } from './auth/[...all]/route';
import { POST as postRule } from './masking-rules/route';
import { API_ROUTES } from './registry';
import { probeHealth } from '@/server/health';
import { appContext } from '@/server/http/context';
import { describeInstance, touchInstance } from '@/server/services/instances';
import { createUser } from '@/server/services/users';
import { VERSION } from '@/server/version';

const PASSWORD = 'a long enough password';
const DAY_MS = 86_400_000;
/** better-auth's session settings in server/auth/better-auth.ts: 7 days, refreshed once a day. */
const EXPIRES_IN_MS = 7 * DAY_MS;
const UPDATE_AGE_MS = DAY_MS;
/**
 * Written by reads on purpose, left out of the checksums by name: a token's last_used_at (stamped on
 * first use, then at most once a minute: usage bookkeeping), and this server's heartbeat, which the
 * health probe's store check refreshes (the health monitor writes the same column on its timer).
 */
const READ_BOOKKEEPING = { api_tokens: ['last_used_at'], instances: ['seen_at'] } as const;

async function signIn(email: string): Promise<string> {
  const response = await authPost(
    new Request('http://x/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://x' },
      body: JSON.stringify({ email, password: PASSWORD }),
    }),
  );
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('eventlens.session_token='));
  return cookie!.split(';')[0]!;
}

describe('GET never changes state', () => {
  let ctx: TestContext;
  let bearer: Record<string, string>;
  let cookie: string;

  /** Every GET of the registry with every listed query and id, as this caller; the statuses seen. */
  const crawl = async (headers: Record<string, string>): Promise<Map<number, string[]>> => {
    const statuses = new Map<number, string[]>();
    for (const [key, handler] of Object.entries(API_ROUTES)) {
      if (!key.startsWith('GET ')) continue;
      const { ids = [''], queries } = GET_CALLS[key]!;
      for (const id of ids) {
        const params = typeof id === 'string' ? { [/\{(\w+)\}/.exec(key)?.[1] ?? 'id']: id } : id;
        const path = Object.entries(params).reduce(
          (filled, [name, value]) => filled.replace(`{${name}}`, encodeURIComponent(value)),
          key.slice(4),
        );
        for (const query of queries) {
          const url = query ? `${path}?${query}` : path;
          const response = await handler(request(url, { headers }), { params: Promise.resolve(params) });
          await response.body?.cancel();
          statuses.set(response.status, [...(statuses.get(response.status) ?? []), url]);
        }
      }
    }
    // better-auth's own read, as the console's sign-in page uses it
    const session = await authGet(new Request('http://x/api/auth/get-session', { headers }));
    await session.body?.cancel();
    return statuses;
  };

  beforeAll(async () => {
    // the health probe as server/app.ts builds it: its store check is the instance heartbeat
    const self = describeInstance('server', VERSION);
    ctx = await startTestContext('postgres', 'api-get-safe', {
      health: ({ db, redis }) =>
        probeHealth({
          redis,
          store: { kind: 'postgres', check: () => touchInstance(db, self) },
          startedAt: Date.now(),
        }),
    });
    bearer = await ctx.as('admin');
    for (const role of ['viewer', 'operator'] as const) await ctx.as(role);
    const { auth } = appContext();
    await createUser(
      { db: ctx.db, auth, caller: null },
      { email: 'cookie-admin@example.com', password: PASSWORD, role: 'admin' },
    );
    cookie = await signIn('cookie-admin@example.com');
    const now = Date.now();
    await seedOrdersAndBilling(ctx, now);
    const at = (i: number) => new Date(now - 60_000 + i * 1000);
    await ctx.db.insert(events).values([
      eventRow({
        eventId: 'pay-1',
        time: at(0),
        topic: 'payments',
        type: 'payment.captured',
        correlationId: 'corr-1',
        data: { card: { number: '4111', brand: 'visa' }, amount: 12 },
      }),
      eventRow({ eventId: 'order-1', time: at(1), causationId: 'pay-1', correlationId: 'corr-1' }),
      eventRow({ eventId: 'foreign-1', time: at(2), foreign: true, rawFields: { card: '4111' } }),
    ]);
    await ctx.db.insert(deadLetters).values(deadLetterRow({ id: 'dl-1', topic: 'orders', group: 'billing' }));
    await ctx.db.insert(sagaInstances).values({
      sagaId: 'saga-1',
      definitionName: 'checkout',
      definitionVersion: 1,
      kind: 'orchestrated',
      status: 'running',
      correlationId: 'corr-1',
      currentStepIndex: 0,
      currentStepName: 'reserve',
      input: { card: { number: '4111' } },
      startedAt: at(0),
      updatedAt: at(1),
      lastSeq: 1,
    });
    await ctx.db.insert(sagaSteps).values({
      sagaId: 'saga-1',
      stepIndex: 0,
      phase: 'step',
      attempt: 1,
      name: 'reserve',
      status: 'running',
      startedAt: at(0),
      lastSeq: 1,
    });
    await ctx.redis.hset(
      ctx.keys.sagaDefinitions(),
      'checkout@1',
      JSON.stringify({
        name: 'checkout',
        version: 1,
        kind: 'orchestrated',
        steps: [
          { name: 'reserve', action: 'local', compensation: { name: 'release' } },
          { name: 'charge', action: 'command' },
        ],
        announcedAt: new Date(now).toISOString(),
      }),
    );
    // a running rule's heartbeat, so that its detail is read and not only its 404
    await ctx.redis.hset(
      ctx.keys.streamProcessors(),
      'burst/c1',
      JSON.stringify({
        name: 'burst',
        kind: 'count',
        service: 'detector',
        group: 'streams.burst',
        consumer: 'c1',
        topics: ['orders'],
        output: 'alerts',
        outputType: 'order.burst',
        rule: { count: 3, withinMs: 60_000 },
        host: 'h',
        pid: 1,
        ratePerSec: 0,
        lag: 0,
        errors: 0,
        applied: 0,
        emitted: 0,
        corrected: 0,
        dropped: 0,
        fired: 0,
        matched: 0,
        watermark: null,
        lastSeen: now,
      }),
    );
    // a paused job, so that reading it cannot be mistaken for a runner's progress
    await ctx.db.insert(replayJobs).values({
      id: 'job-1',
      state: 'paused',
      selection: { ids: ['dl-1'] },
      rateStart: 1,
      rateMax: 10,
      pauseAtFailureRate: 0.25,
      plan: { count: 1 },
      total: 1,
      createdBy: 'someone',
      createdByName: 'someone',
    });
    await ctx.db.insert(replayJobLetters).values({ jobId: 'job-1', letterId: 'dl-1', seq: 0 });
    const rule = await postRule(
      request('/api/masking-rules', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'payment.*', path: '$.card.number', revealTo: 'admin' }),
      }),
    );
    expect(rule.status).toBe(201);
  });
  afterAll(() => ctx?.cleanup());

  it('lists a call for every GET route of the registry', () => {
    const gets = Object.keys(API_ROUTES).filter((key) => key.startsWith('GET '));
    expect(gets.filter((key) => !(key in GET_CALLS))).toEqual([]);
  });

  it('leaves every table and every Redis key as it was, by token and by cookie', async () => {
    // a token's first use stamps last_used_at; the stamp is excluded by name, the first use made here
    await crawl(bearer);
    const tablesBefore = await tableStates(ctx.db, READ_BOOKKEEPING);
    const redisBefore = await redisState(ctx.redis, ctx.prefix);
    expect(Object.keys(tablesBefore).length).toBeGreaterThan(10);
    expect(Object.keys(redisBefore).length).toBeGreaterThan(3);

    const byToken = await crawl(bearer);
    const byCookie = await crawl({ cookie });
    // the crawl reached handlers (200s) and refusals of bogus input (400, 404), not only one of them
    for (const statuses of [byToken, byCookie]) {
      expect(statuses.get(200)?.length).toBeGreaterThan(20);
      expect(statuses.get(400)?.length).toBeGreaterThan(5);
      expect(statuses.get(404)?.length).toBeGreaterThan(1);
      expect(statuses.get(500)).toBeUndefined();
    }
    expect(await tableStates(ctx.db, READ_BOOKKEEPING)).toEqual(tablesBefore);
    expect(await redisState(ctx.redis, ctx.prefix)).toEqual(redisBefore);
  });

  it("refreshes only the caller's own session, once it is older than updateAge, and creates none", async () => {
    const [mine] = await ctx.db
      .select()
      .from(sessions)
      .where(eq(sessions.token, sessionToken(cookie)));
    // as if signed in two days ago: due for better-auth's once-a-day refresh
    const aged = new Date(Date.now() + EXPIRES_IN_MS - 2 * UPDATE_AGE_MS);
    await ctx.db.update(sessions).set({ expiresAt: aged }).where(eq(sessions.id, mine!.id));
    const before = await ctx.db.select().from(sessions);

    await crawl({ cookie: `${cookie}; refresh=1` }); // a cookie the cache has not seen: a fresh lookup

    const after = await ctx.db.select().from(sessions);
    expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    for (const row of after) {
      const was = before.find((s) => s.id === row.id)!;
      if (row.id !== mine!.id) {
        expect(row).toEqual(was);
        continue;
      }
      // the sliding window moved forward; the session is the same one, with the same token
      expect({ ...row, expiresAt: was.expiresAt, updatedAt: was.updatedAt }).toEqual(was);
      expect(row.expiresAt.getTime()).toBeGreaterThan(aged.getTime() + UPDATE_AGE_MS);
    }
  });
});

/** The session token inside a signed cookie value (`token.signature`, percent-encoded). */
function sessionToken(cookie: string): string {
  return decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).split('.')[0]!;
}
