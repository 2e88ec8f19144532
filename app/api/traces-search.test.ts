/**
 * GET /api/traces over rows seeded into a real Postgres: newest activity first, each filter, paging
 * through interleaved traces without duplicates or gaps, and cursors checked like any input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetters, deliveries, deliveryConsumers, events } from '@/db/schema';
import { ApiError } from '@/server/contracts/errors';
import { TracePage } from '@/server/contracts/traces';
import { get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { deadLetterRow, eventRow } from '@/server/testing/store-rows';
import { GET as getTraces } from './traces/route';

const NOW = Date.now();
const ago = (ms: number) => new Date(NOW - ms);
const MIN = 60_000;

describe('REST API: trace search (route handler over real Postgres and Redis)', () => {
  let ctx: TestContext;
  const search = async (query: string) => {
    const response = await get(getTraces, `/api/traces${query ? `?${query}` : ''}`);
    expect(response.status).toBe(200);
    return TracePage.parse(await json(response));
  };

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-trace-search');
    const rows = [];
    // t-00 … t-11: a root each, a minute apart (t-00 newest); every third has two more events, the
    // last of them newer than the next traces' roots, so that the traces interleave in time
    for (let i = 0; i < 12; i++) {
      const id = `t-${String(i).padStart(2, '0')}`;
      const rootAt = (i + 1) * MIN;
      rows.push(
        eventRow({
          eventId: `${id}-root`,
          time: ago(rootAt),
          type: i % 4 === 1 ? 'refund.requested' : 'order.placed',
          correlationId: id,
          topic: i % 2 === 0 ? 'orders' : 'refunds',
        }),
      );
      if (i % 3 === 0) {
        rows.push(
          eventRow({
            eventId: `${id}-a`,
            time: ago(rootAt - 1_000),
            correlationId: id,
            causationId: `${id}-root`,
            source: '/billing',
          }),
          eventRow({
            eventId: `${id}-b`,
            time: ago(rootAt - 90_000 > 0 ? rootAt - 90_000 : 0),
            correlationId: id,
            causationId: `${id}-a`,
          }),
        );
      }
    }
    // outside the default 24 h window
    rows.push(eventRow({ eventId: 'old-root', time: ago(30 * 3_600_000), correlationId: 'old' }));
    // every event has a cause, the first one's never recorded: the trace view roots it there
    rows.push(
      eventRow({
        eventId: 'orphan-1',
        type: 'alert.raised',
        time: ago(31 * 3_600_000),
        correlationId: 'orphaned',
        causationId: 'never-recorded',
      }),
      eventRow({
        eventId: 'orphan-2',
        time: ago(31 * 3_600_000 - 1_000),
        correlationId: 'orphaned',
        causationId: 'orphan-1',
      }),
    );
    await ctx.db.insert(events).values(rows);
    await ctx.db.insert(deadLetters).values(
      deadLetterRow({
        id: 'orders/1-0',
        topic: 'orders',
        group: 'g',
        eventId: 't-05-root',
        correlationId: 't-05',
      }),
    );
    const [consumer] = await ctx.db
      .insert(deliveryConsumers)
      .values({ topic: 'orders', group: 'g', consumer: 'c', service: '/stock' })
      .returning();
    // t-04's handling ended 40 s after its only event, and failed once on the way
    await ctx.db.insert(deliveries).values([
      {
        consumerId: consumer!.id,
        entryId: '1-0',
        eventId: 't-04-root',
        outcome: 'retried',
        attempt: 1,
        at: ago(5 * MIN - 1_000),
      },
      {
        consumerId: consumer!.id,
        entryId: '1-0',
        eventId: 't-04-root',
        outcome: 'handled',
        attempt: 2,
        at: ago(5 * MIN - 40_000),
      },
    ]);
  });
  afterAll(() => ctx.cleanup());

  it('lists recent traces by newest activity, within the last 24 h by default', async () => {
    const page = await search('limit=100');
    const ids = page.items.map((t) => t.correlationId);
    expect(ids).toHaveLength(12);
    expect(ids).not.toContain('old');
    const newest = page.items.map((t) => Date.parse(t.end));
    expect(newest).toEqual([...newest].sort((a, b) => b - a).map((x) => x));
    expect(page.nextCursor).toBeNull();
    expect(Date.parse(page.searched.to) - Date.parse(page.searched.from)).toBe(24 * 3_600_000);
    const t03 = page.items.find((t) => t.correlationId === 't-03')!;
    expect(t03).toMatchObject({ rootEventId: 't-03-root', rootType: 'order.placed', events: 3 });
    expect(t03.services).toEqual(['/billing', 'shop']);
    const t04 = page.items.find((t) => t.correlationId === 't-04')!;
    expect(t04).toMatchObject({ failures: 1, durationMs: 40_000 });
    expect(t04.services).toEqual(['/stock', 'shop']);
  });

  it('filters by root type, topic, service, has, minimum events and duration', async () => {
    const ids = async (query: string) => (await search(query)).items.map((t) => t.correlationId).sort();
    expect(await ids('rootType=refund.requested')).toEqual(['t-01', 't-05', 't-09']);
    expect(await ids('topic=refunds&rootType=refund.requested')).toEqual(['t-01', 't-05', 't-09']);
    expect(await ids('has=dead-letters')).toEqual(['t-05']);
    expect(await ids('has=failures')).toEqual(['t-04']);
    expect(await ids('service=%2Fstock')).toEqual(['t-04']);
    expect(await ids('minEvents=3')).toEqual(['t-00', 't-03', 't-06', 't-09']);
    expect(await ids('minDurationMs=30000')).toEqual(['t-00', 't-03', 't-04', 't-06', 't-09']);
    expect(await ids('correlationId=t-07')).toEqual(['t-07']);
    expect(await ids('correlationId=t-07&minEvents=2')).toEqual([]);
    expect(
      await ids(
        `from=${encodeURIComponent(new Date(NOW - 40 * 3_600_000).toISOString())}&rootType=order.placed`,
      ),
    ).toContain('old');
  });

  it('roots a trace whose first cause was never recorded where the trace view does', async () => {
    const [orphaned] = (await search('correlationId=orphaned')).items;
    expect(orphaned).toMatchObject({ rootEventId: 'orphan-1', rootType: 'alert.raised', events: 2 });
  });

  it('pages with nextCursor through interleaved traces: no duplicates, no gaps', async () => {
    const all = (await search('limit=100')).items.map((t) => t.correlationId);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: TracePage = await search(`limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((t) => t.correlationId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(all);
  });

  it('refuses a cursor it did not issue, naming the parameter', async () => {
    for (const cursor of ['zz', Buffer.from('["e1","x"]').toString('base64url')]) {
      const response = await get(getTraces, `/api/traces?cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(ApiError.parse(await response.json()).error.message).toMatch(/query\.cursor/);
    }
    const response = await get(getTraces, '/api/traces?has=bogus');
    expect(response.status).toBe(400);
  });
});
