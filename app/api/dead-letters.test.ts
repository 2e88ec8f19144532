/**
 * The dead-letter API end to end, minus Next: list, groups, detail (masked for a viewer) and discard
 * (store and Redis agree; viewers refused and audited), over real Postgres and Redis.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  deadLetters,
  deliveries,
  deliveryConsumers,
  replayJobLetters,
  replayJobs,
} from '@/db/schema';
import {
  DeadLetterDetail,
  DeadLetterGroups,
  DeadLetterPage,
  DiscardResult,
} from '@/server/contracts/dead-letter-list';
import { ApiError } from '@/server/contracts/errors';
import { expectBadRequest, get, json, request } from '@/server/testing/api-requests';
import { getOverview } from '@/server/queries/overview';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { letterHistory, letterStatusOf, setLetterState } from '@/server/testing/letter-states';
import { deadLetterRow } from '@/server/testing/store-rows';
import { GET as getDeadLetter } from './dead-letters/[id]/route';
import { POST as discard } from './dead-letters/discard/route';
import { GET as getGroups } from './dead-letters/groups/route';
import { GET as getList } from './dead-letters/route';

const NOW = Date.now();
const ago = (minutes: number) => new Date(NOW - minutes * 60_000);
const EVENT = JSON.stringify({
  specversion: '1.0',
  id: 'evt-1',
  source: '/shop',
  type: 'order.placed',
  sensitivity: 'internal',
  data: { card: '4111', amount: 12 },
});

describe('REST API: dead letters', () => {
  let ctx: TestContext;
  const ids = (page: DeadLetterPage) => page.items.map((item) => item.id);
  const list = async (query: string) =>
    DeadLetterPage.parse(await json(await get(getList, `/api/dead-letters${query}`)));
  const detail = (id: string, headers?: Record<string, string>) =>
    getDeadLetter(request(`/api/dead-letters/${encodeURIComponent(id)}`, headers ? { headers } : {}), {
      params: Promise.resolve({ id }),
    });
  const postDiscard = (body: unknown, headers?: Record<string, string>) =>
    discard(
      request('/api/dead-letters/discard', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
    );

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-dlq');
    // 30 poison letters of one cause on orders, 5 transient on payments, 2 already handled
    await ctx.db.insert(deadLetters).values([
      ...Array.from({ length: 30 }, (_, i) =>
        deadLetterRow({
          id: `orders/${1000 + i}-0`,
          topic: 'orders',
          group: 'billing',
          fingerprint: 'f-orders',
          pattern: 'order <n> not found',
          errorName: 'NotFound',
          errorMessage: `order ${i} not found`,
          eventType: 'order.placed',
          // pairs share a time: keyset ties
          lastFailureAt: ago(Math.floor(i / 2) + 1),
        }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        deadLetterRow({
          id: `payments/${2000 + i}-0`,
          topic: 'payments',
          group: 'ledger',
          fingerprint: 'f-pay',
          category: 'transient',
          errorName: 'DependencyError',
          errorMessage: 'ledger API returned 503',
          eventType: 'payment.captured',
          lastFailureAt: ago(100 + i),
        }),
      ),
      deadLetterRow({ id: 'orders/1-0', topic: 'orders', group: 'billing' }),
      deadLetterRow({ id: 'orders/2-0', topic: 'orders', group: 'billing' }),
    ]);
    await setLetterState(ctx.db, 'orders/1-0', 'replayed');
    await setLetterState(ctx.db, 'orders/2-0', 'discarded');
  });
  afterAll(() => ctx.cleanup());

  describe('GET /api/dead-letters', () => {
    it('lists pending letters by default, newest first; filters narrow; status=all shows any', async () => {
      const page = await list('?limit=500');
      expect(page.items).toHaveLength(35);
      const times = page.items.map((item) => item.lastFailureAt);
      expect([...times].sort().reverse()).toEqual(times);
      expect(ids(await list('?category=transient'))).toHaveLength(5);
      expect(ids(await list('?topic=payments&q=503'))).toHaveLength(5);
      expect(ids(await list('?fingerprint=f-orders&limit=500'))).toHaveLength(30);
      expect(ids(await list('?status=replayed'))).toEqual(['orders/1-0']);
      expect(await list('?status=all&limit=500')).toMatchObject({ items: expect.any(Array) });
      expect((await list('?status=all&limit=500')).items).toHaveLength(37);
    });

    it('pages with nextCursor: no duplicates, no gaps', async () => {
      const all = ids(await list('?limit=500'));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: DeadLetterPage = await list(
          `?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        seen.push(...ids(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    });

    it('answers 400 naming the field on bad input', async () => {
      await expectBadRequest(
        await get(getList, '/api/dead-letters?category=nope'),
        'query.category',
        /one of/,
      );
      await expectBadRequest(await get(getList, '/api/dead-letters?limit=0'), 'query.limit', /integer/);
      const bad = await get(getList, '/api/dead-letters?cursor=not-a-cursor');
      expect(bad.status).toBe(400);
      expect(ApiError.parse(await json(bad)).error.message).toMatch(/^query\.cursor: not a cursor/);
    });
  });

  it('GET /api/dead-letters/groups: biggest first, with categories, types and a trend', async () => {
    const response = await get(getGroups, '/api/dead-letters/groups');
    expect(response.status).toBe(200);
    const body = DeadLetterGroups.parse(await json(response));
    expect(body.total).toBe(35);
    expect(body.groups.map((g) => [g.fingerprint, g.count])).toEqual([
      ['f-orders', 30],
      ['f-pay', 5],
    ]);
    const [orders, pay] = body.groups;
    expect(orders).toMatchObject({
      categories: { poison: 30 },
      eventTypes: ['order.placed'],
      pattern: 'order <n> not found',
    });
    expect(orders!.trend).toHaveLength(24);
    expect(orders!.trend.reduce((a, b) => a + b, 0)).toBe(30);
    expect(pay!.categories).toEqual({ transient: 5 });
    const narrowed = DeadLetterGroups.parse(
      await json(await get(getGroups, '/api/dead-letters/groups?topic=payments')),
    );
    expect(narrowed.groups.map((g) => g.fingerprint)).toEqual(['f-pay']);
    // a panel's top errors: one topic and group, the biggest few, `total` over every group
    const top = DeadLetterGroups.parse(
      await json(await get(getGroups, '/api/dead-letters/groups?topic=orders&group=billing&from=1h&limit=1')),
    );
    expect(top.groups.map((g) => [g.fingerprint, g.count])).toEqual([['f-orders', 30]]);
    expect(top.total).toBe(30);
    const biggest = DeadLetterGroups.parse(
      await json(await get(getGroups, '/api/dead-letters/groups?limit=1')),
    );
    expect(biggest).toMatchObject({ total: 35, groups: [{ fingerprint: 'f-orders' }] });
    await expectBadRequest(
      await get(getGroups, '/api/dead-letters/groups?limit=0'),
      'query.limit',
      /from 1 to 200/,
    );
  });

  describe('GET /api/dead-letters/{id}', () => {
    beforeAll(async () => {
      await ctx.db.insert(deadLetters).values(
        deadLetterRow({
          id: 'shop/orders/9-0',
          topic: 'shop/orders',
          group: 'billing',
          eventId: 'evt-1',
          raw: { event: EVENT },
          history: [{ at: ago(5).toISOString(), action: 'recorded', actor: 'recorder' }],
        }),
      );
      await setLetterState(ctx.db, 'shop/orders/9-0', 'replayed');
      const [consumer] = await ctx.db
        .insert(deliveryConsumers)
        .values({ topic: 'shop/orders', group: 'billing', consumer: 'c1', service: 's' })
        .returning({ id: deliveryConsumers.id });
      await ctx.db.insert(deliveries).values(
        [1, 2].map((attempt) => ({
          consumerId: consumer!.id,
          entryId: '9-0',
          eventId: 'evt-1',
          outcome: attempt === 2 ? ('dead-lettered' as const) : ('retried' as const),
          attempt,
          error: `boom ${attempt}`,
          at: ago(10 - attempt),
        })),
      );
    });

    it('has attempts oldest first, history and the decoded envelope (ids with slashes)', async () => {
      const response = await detail('shop/orders/9-0');
      expect(response.status).toBe(200);
      const letter = DeadLetterDetail.parse(await json(response));
      expect(letter.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
        [1, 'retried'],
        [2, 'dead-lettered'],
      ]);
      expect(letter.history.map((h) => h.action)).toEqual(['recorded']);
      expect(letter.envelope).toMatchObject({ id: 'evt-1', type: 'order.placed' });
      expect(letter.envelope).not.toHaveProperty('data');
      expect(JSON.parse(letter.data!.text)).toEqual({ card: '4111', amount: 12 });
      expect(letter.raw.event).toBe(EVENT);
      expect(letter.masked).toBeUndefined();
    });

    it('masks the payload parts for a viewer, as for events', async () => {
      const letter = DeadLetterDetail.parse(
        await json(await detail('shop/orders/9-0', await ctx.as('viewer'))),
      );
      expect(letter.data!.text).not.toContain('4111');
      expect(letter.raw.event).not.toContain('4111');
      expect(letter.masked).toMatchObject({ all: true, reason: 'role' });
      expect(letter.envelope).toMatchObject({ id: 'evt-1' });
    });

    it('answers 404 for an unknown letter', async () => {
      expect((await detail('nope/1-0')).status).toBe(404);
    });
  });

  describe('POST /api/dead-letters/discard', () => {
    it('refuses a viewer (403, audited)', async () => {
      const response = await postDiscard(
        { selection: { fingerprint: 'f-pay' }, reason: 'noise' },
        await ctx.as('viewer'),
      );
      expect(response.status).toBe(403);
      const denied = await ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'route.denied'), eq(auditLog.result, 'denied')));
      expect(denied.some((row) => row.targets.includes('POST /api/dead-letters/discard'))).toBe(true);
    });

    it('answers 400 without a reason', async () => {
      const response = await postDiscard({ selection: { fingerprint: 'f-pay' }, reason: '' });
      expect(response.status).toBe(400);
      expect(ApiError.parse(await json(response)).error.message).toMatch(/^body\.reason/);
    });

    it('XDELs, marks discarded with the reason, skips letters in a live replay job, audits once', async () => {
      const key = ctx.keys.deadLetters('refunds');
      const entries = [];
      for (let i = 0; i < 3; i++) entries.push(await ctx.redis.xadd(key, '*', 'raw', '{}'));
      const letterIds = entries.map((entryId) => `refunds/${entryId!}`);
      await ctx.db
        .insert(deadLetters)
        .values(
          letterIds.map((id) =>
            deadLetterRow({ id, topic: 'refunds', group: 'g', fingerprint: 'f-refunds' }),
          ),
        );
      await ctx.db.insert(replayJobs).values({
        id: 'job-1',
        state: 'running',
        selection: {},
        rateStart: 1,
        rateMax: 1,
        pauseAtFailureRate: 0.25,
        plan: {},
        total: 1,
        createdBy: 'u',
        createdByName: 'u',
      });
      await ctx.db.insert(replayJobLetters).values({ jobId: 'job-1', letterId: letterIds[2]!, seq: 1 });

      const pendingBefore = (await getOverview(ctx.db, { ok: false, error: 'not read' })).deadLetters.pending;
      const response = await postDiscard(
        { selection: { fingerprint: 'f-refunds' }, reason: 'test data' },
        await ctx.as('operator'),
      );
      expect(response.status).toBe(200);
      const result = DiscardResult.parse(await json(response));
      expect(result).toEqual({
        discarded: 2,
        skipped: [{ id: letterIds[2], reason: 'in replay job job-1' }],
      });
      expect(await ctx.redis.xlen(key)).toBe(1);
      // the Overview counts pending letters only: the two discarded ones left it
      expect((await getOverview(ctx.db, { ok: false, error: 'not read' })).deadLetters.pending).toBe(
        pendingBefore - 2,
      );
      expect(await letterStatusOf(ctx.db, letterIds[0]!)).toBe('discarded');
      expect((await letterHistory(ctx.db, letterIds[0]!)).at(-1)).toMatchObject({
        action: 'discarded',
        detail: 'test data',
      });
      expect(await letterStatusOf(ctx.db, letterIds[2]!)).toBe('pending');
      const audits = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'dlq.discard'));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        result: 'ok',
        parameters: expect.objectContaining({ count: 2, reason: 'test data' }),
      });

      // again: nothing left to discard, each says why
      const again = DiscardResult.parse(
        await json(await postDiscard({ selection: { ids: [letterIds[0], 'refunds/0-1'] }, reason: 'again' })),
      );
      expect(again).toEqual({
        discarded: 0,
        skipped: [
          { id: letterIds[0], reason: 'already discarded' },
          { id: 'refunds/0-1', reason: 'no such dead letter recorded' },
        ],
      });
    });
  });
});
