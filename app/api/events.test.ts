/**
 * GET /api/events and /api/events/[id] end to end, minus Next: each exported route handler is called
 * with a plain Request after registering an AppContext over a real Postgres test database and real
 * Redis (own key prefix).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '@/db/schema';
import { ApiError } from '@/server/contracts/errors';
import { EventDetail, EventPage } from '@/server/contracts/events';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { expectBadRequest, get, json, request } from '@/server/testing/api-requests';
import { eventRow } from '@/server/testing/store-rows';
import { GET as getEvent } from './events/[id]/route';
import { GET as getEvents } from './events/route';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');

describe('REST API: recorded events (route handlers over real Postgres and Redis)', () => {
  let ctx: TestContext;
  const detail = (id: string, query = '') =>
    getEvent(request(`/api/events/${encodeURIComponent(id)}${query}`), {
      params: Promise.resolve({ id }),
    });

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-events');
    await ctx.db.insert(events).values([
      ...Array.from({ length: 25 }, (_, i) =>
        eventRow({
          eventId: `e-${String(i).padStart(2, '0')}`,
          time: new Date(T0 + Math.floor(i / 3) * 1000),
          topic: i % 2 === 0 ? 'orders' : 'payments',
          type: i % 5 === 0 ? 'order.cancelled' : 'order.placed',
          correlationId: 'corr-1',
          causationId: i > 0 ? 'e-00' : null,
          data: { severity: i % 4 === 0 ? 'high' : 'low', amount: i * 10 },
        }),
      ),
      eventRow({ eventId: 'twin', source: '/a', time: new Date(T0 + 60_000) }),
      eventRow({ eventId: 'twin', source: '/b', time: new Date(T0 + 61_000) }),
    ]);
  });
  afterAll(() => ctx.cleanup());

  describe('GET /api/events', () => {
    it('filters and answers the page shape', async () => {
      const response = await get(getEvents, '/api/events?topic=orders&type=order.cancelled');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const page = EventPage.parse(await json(response));
      expect(page.items.map((i) => i.id).sort()).toEqual(['e-00', 'e-10', 'e-20']);
      expect(page.nextCursor).toBeNull();
    });

    it('pages with nextCursor: no duplicates, no gaps', async () => {
      const all = EventPage.parse(await json(await get(getEvents, '/api/events?limit=200'))).items.map(
        (i) => i.id,
      );
      expect(all).toHaveLength(27);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/api/events?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = EventPage.parse(await json(await get(getEvents, path)));
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    });

    it('pages oldest first with order=asc: the exact reverse, no duplicates, no gaps', async () => {
      const newest = EventPage.parse(
        await json(await get(getEvents, '/api/events?correlationId=corr-1&limit=200')),
      ).items.map((i) => i.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/api/events?correlationId=corr-1&order=asc&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = EventPage.parse(await json(await get(getEvents, path)));
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(25);
      expect(seen).toEqual([...newest].reverse());
    });

    it('applies JSON-path conditions, compact or as separate parameters', async () => {
      const compact = EventPage.parse(
        await json(
          await get(getEvents, `/api/events?where=${encodeURIComponent('$.severity == "high"')}&limit=200`),
        ),
      );
      expect(compact.items.map((i) => i.id).sort()).toEqual([
        'e-00',
        'e-04',
        'e-08',
        'e-12',
        'e-16',
        'e-20',
        'e-24',
      ]);
      const separate = EventPage.parse(
        await json(
          await get(getEvents, '/api/events?data.path=$.amount&data.op=gte&data.value=200&limit=200'),
        ),
      );
      expect(separate.items.map((i) => i.id).sort()).toEqual(['e-20', 'e-21', 'e-22', 'e-23', 'e-24']);
      const both = EventPage.parse(
        await json(
          await get(
            getEvents,
            `/api/events?where=${encodeURIComponent('$.severity == "high"')}&data.path=amount&data.op=gte&data.value=200`,
          ),
        ),
      );
      expect(both.items.map((i) => i.id).sort()).toEqual(['e-20', 'e-24']);
    });

    it('answers 400 naming what is wrong', async () => {
      await expectBadRequest(
        await get(getEvents, '/api/events?cursor=bogus'),
        'query.cursor',
        /not a cursor this API issued/,
      );
      await expectBadRequest(
        await get(getEvents, `/api/events?where=${encodeURIComponent('$.severity == high')}`),
        'query.where',
        /expected a JSON value after == \(strings in double quotes/,
      );
      await expectBadRequest(
        await get(getEvents, `/api/events?where=${encodeURIComponent('$.a[ == 1')}`),
        'query.where',
        /expected \[<index>\]/,
      );
      await expectBadRequest(
        await get(getEvents, '/api/events?data.path=$.a&data.op=like&data.value=x'),
        'query.data.op',
        /expected one of eq, ne, gt, gte, lt, lte, startsWith, exists/,
      );
      await expectBadRequest(
        await get(getEvents, '/api/events?data.value=x'),
        'query.data.path',
        /need data\.path/,
      );
      await expectBadRequest(await get(getEvents, '/api/events?limit=1000'), 'query.limit', /from 1 to 200/);
      await expectBadRequest(
        await get(getEvents, '/api/events?order=oldest'),
        'query.order',
        /expected one of desc, asc/,
      );
      const newestFirst = EventPage.parse(await json(await get(getEvents, '/api/events?limit=2')));
      await expectBadRequest(
        await get(getEvents, `/api/events?order=asc&cursor=${encodeURIComponent(newestFirst.nextCursor!)}`),
        'query.cursor',
        /continues a search in desc order/,
      );
      await expectBadRequest(await get(getEvents, '/api/events?from=yesterday'), 'query.from', /ISO 8601/);
      await expectBadRequest(
        await get(getEvents, '/api/events?from=1h&to=2h'),
        'query.from',
        /earlier than to/,
      );
      await expectBadRequest(
        await get(getEvents, '/api/events?outcome=handled'),
        'query.outcome',
        /expected one of failed, retried, dead-lettered/,
      );
      await expectBadRequest(await get(getEvents, '/api/events?error='), 'query.error', /must not be empty/);
      await expectBadRequest(
        await get(getEvents, '/api/events?topics=orders'),
        'query',
        /unknown parameter "topics"/,
      );
    });
  });

  describe('GET /api/events/[id]', () => {
    it('answers the event with its links', async () => {
      const response = await detail('e-00');
      expect(response.status).toBe(200);
      const event = EventDetail.parse(await json(response));
      expect(event).toMatchObject({
        id: 'e-00',
        topic: 'orders',
        data: { text: '{"severity":"high","amount":0}', sizeBytes: 30, truncated: false },
        rawFields: null,
      });
      expect(event.links).toMatchObject({ causedBy: null, sameCorrelationCount: 25, causesTruncated: false });
      expect(event.links.causes).toHaveLength(24);
      const child = EventDetail.parse(await json(await detail('e-07')));
      expect(child.links.causedBy).toBe('e-00');
      expect(child.cause?.id).toBe('e-00');
    });

    it('answers 404 for an unknown id and 409 for an ambiguous one until ?source= picks', async () => {
      const missing = await detail('nope');
      expect(missing.status).toBe(404);
      expect(ApiError.parse(await json(missing)).error).toMatchObject({
        code: 'NOT_FOUND',
        message: 'no recorded event with id "nope"',
      });
      const ambiguous = await detail('twin');
      expect(ambiguous.status).toBe(409);
      expect(ApiError.parse(await json(ambiguous)).error.message).toMatch(
        /2 sources \(\/a, \/b\); add \?source=/,
      );
      const picked = EventDetail.parse(await json(await detail('twin', '?source=%2Fb')));
      expect(picked.source).toBe('/b');
      await expectBadRequest(await detail('twin', '?src=/b'), 'query', /unknown parameter "src"/);
    });
  });
});
