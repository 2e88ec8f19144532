import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deadLetters, deliveries, deliveryConsumers, events } from '@/db/schema';
import { STORE_FLAVOURS } from '@/db/testing/test-database';
import { useTestStore } from '@/db/testing/use-test-store';
import { EventsQuery, type EventListItem } from '@/server/contracts/events';
import { deadLetterRow, eventRow } from '@/server/testing/store-rows';
import { MAX_ERROR_CANDIDATES, searchEvents } from './events';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** 60 events over three topics and two sources; four at a time share a timestamp, two per source (keyset ties). */
function seedRows() {
  return Array.from({ length: 60 }, (_, i) =>
    eventRow({
      eventId: `evt-${String(i).padStart(3, '0')}`,
      source: i % 2 === 0 ? '/services/shop' : '/services/billing',
      time: at(Math.floor(i / 4)),
      topic: ['orders', 'payments', 'audit'][i % 3]!,
      type: i % 4 === 0 ? 'order.placed' : 'order.updated',
      subject: i === 7 ? 'Promo 100%_OFF' : `order-${i}`,
      correlationId: `corr-${i % 6}`,
      causationId: i > 0 && i % 10 === 0 ? `evt-${String(i - 1).padStart(3, '0')}` : null,
      data: {
        severity: i % 3 === 0 ? 'high' : 'low',
        score: i,
        tags: i % 7 === 0 ? ['urgent', 'vip'] : ['normal'],
        customer: { name: i % 2 === 0 ? 'web-shop' : 'api', 'odd key': i },
      },
    }),
  );
}

describe.each(STORE_FLAVOURS)('events read model on %s', (flavour) => {
  const store = useTestStore(flavour, 'events', (db) => db.insert(events).values(seedRows()));
  const search = (query: Record<string, string | string[]>) =>
    searchEvents(store.db, EventsQuery.parse(query));
  const ids = (items: EventListItem[]) => items.map((item) => item.id);

  it('lists newest first with a bounded preview', async () => {
    const page = await search({ limit: '3' });
    expect(page.items).toHaveLength(3);
    const times = page.items.map((item) => item.time);
    expect([...times].sort().reverse()).toEqual(times);
    expect(page.items[0]).toMatchObject({ topic: expect.any(String), foreign: false, decodeFailed: false });
    expect(page.items[0]!.preview!.length).toBeLessThanOrEqual(200);
    expect(JSON.parse(page.items[0]!.preview!)).toHaveProperty('severity');
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('pages through everything with no duplicates and no gaps, ties included', async () => {
    const all = ids((await search({ limit: '200' })).items);
    const expected = seedRows()
      .sort(
        (a, b) =>
          b.time.getTime() - a.time.getTime() ||
          b.source!.localeCompare(a.source!) ||
          b.eventId.localeCompare(a.eventId),
      )
      .map((row) => row.eventId);
    expect(all).toEqual(expected);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { limit: '7' };
      if (cursor) query.cursor = cursor;
      const page = await search(query);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(9);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(60);
  });

  it('keeps pages stable while newer events arrive, and at microsecond precision', async () => {
    const first = await search({ topic: 'audit', limit: '5' });
    // newer rows (the recorder keeps inserting) and two rows 1 µs apart
    await store.db.insert(events).values(eventRow({ eventId: 'late-1', topic: 'audit', time: at(3_600) }));
    await store.db.execute(sql`insert into events (source, event_id, time, topic, stream, entry_id, type)
      values ('/micro', 'micro-a', '2025-03-01T09:59:59.000001Z', 'audit', 's', '1-0', 'tick'),
             ('/micro', 'micro-b', '2025-03-01T09:59:59.000002Z', 'audit', 's', '2-0', 'tick')`);
    const rest: string[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await search({ topic: 'audit', limit: '5', cursor });
      rest.push(...ids(page.items));
      cursor = page.nextCursor;
    }
    expect(rest).not.toContain('late-1');
    expect(rest.slice(-2)).toEqual(['micro-b', 'micro-a']);
    expect(new Set([...ids(first.items), ...rest]).size).toBe(first.items.length + rest.length);
    await store.db.execute(sql`delete from events where event_id in ('late-1', 'micro-a', 'micro-b')`);
  });

  it('filters by topic, type, source, correlation, causation and time range', async () => {
    const payments = await search({ topic: 'payments', limit: '200' });
    expect(payments.items).toHaveLength(20);
    expect(payments.items.every((item) => item.topic === 'payments')).toBe(true);

    const two = await search({ topic: ['payments', 'audit'], type: 'order.placed', limit: '200' });
    expect(two.items.every((i) => i.topic !== 'orders' && i.type === 'order.placed')).toBe(true);
    expect(two.items.length).toBeGreaterThan(0);

    const billing = await search({ source: '/services/billing', correlationId: 'corr-1', limit: '200' });
    expect(ids(billing.items).sort()).toEqual([
      'evt-001',
      'evt-007',
      'evt-013',
      'evt-019',
      'evt-025',
      'evt-031',
      'evt-037',
      'evt-043',
      'evt-049',
      'evt-055',
    ]);

    expect(ids((await search({ causationId: 'evt-019' })).items)).toEqual(['evt-020']);

    const window = await search({ from: at(5).toISOString(), to: at(6).toISOString(), limit: '200' });
    expect(ids(window.items).sort()).toEqual(['evt-020', 'evt-021', 'evt-022', 'evt-023']);
  });

  it('searches free text case-insensitively, with % and _ matched literally', async () => {
    expect(ids((await search({ q: 'ORDER-42' })).items)).toEqual(['evt-042']);
    expect(ids((await search({ q: '100%_off' })).items)).toEqual(['evt-007']);
    expect((await search({ q: '%' })).items.map((i) => i.id)).toEqual(['evt-007']);
    expect(ids((await search({ q: 'evt-05', limit: '200' })).items)).toHaveLength(10);
  });

  it('applies JSON-path conditions on data, as bound parameters', async () => {
    const high = await search({ where: '$.severity == "high"', limit: '200' });
    expect(high.items).toHaveLength(20);

    const separate = await search({
      'data.path': '$.severity',
      'data.op': 'eq',
      'data.value': 'high',
      limit: '200',
    });
    expect(ids(separate.items)).toEqual(ids(high.items));

    const scored = await search({ where: ['$.score >= 50', '$.severity == "low"'], limit: '200' });
    expect(ids(scored.items).sort()).toEqual([
      'evt-050',
      'evt-052',
      'evt-053',
      'evt-055',
      'evt-056',
      'evt-058',
      'evt-059',
    ]);

    // lax mode: an array on the path matches when any element does
    const urgent = await search({ where: '$.tags == "urgent"', limit: '200' });
    expect(ids(urgent.items).sort()).toEqual([
      'evt-000',
      'evt-007',
      'evt-014',
      'evt-021',
      'evt-028',
      'evt-035',
      'evt-042',
      'evt-049',
      'evt-056',
    ]);

    expect((await search({ where: '$.customer.name starts with "web"', limit: '200' })).items).toHaveLength(
      30,
    );
    expect((await search({ where: '$.customer."odd key" == 3' })).items.map((i) => i.id)).toEqual([
      'evt-003',
    ]);
    expect(
      (await search({ 'data.path': 'customer.name', 'data.op': 'ne', 'data.value': 'api', limit: '200' }))
        .items,
    ).toHaveLength(30);
    expect((await search({ where: 'exists($.missing)' })).items).toEqual([]);
    expect(
      (await search({ 'data.path': '$.score', 'data.op': 'lt', 'data.value': '2', limit: '200' })).items,
    ).toHaveLength(2);
    // a value that looks like SQL or jsonpath is only ever a value
    expect((await search({ where: `$.severity == "high\\") || (true"` })).items).toEqual([]);
    expect((await search({ 'data.path': '$.severity', 'data.value': "high' or 1=1 --" })).items).toEqual([]);
  });

  it('matches string values exactly, quotes, backslashes, newlines and emoji included', async () => {
    const note = 'say "hi" \\ then\nleave ) || true; é 👍';
    await store.db
      .insert(events)
      .values(eventRow({ eventId: 'tricky', time: at(-100), data: { note, n: -1.5 } }));
    expect(ids((await search({ where: `$.note == ${JSON.stringify(note)}` })).items)).toEqual(['tricky']);
    expect(ids((await search({ 'data.path': '$.note', 'data.value': note })).items)).toEqual(['tricky']);
    expect(ids((await search({ where: '$.note starts with "say \\"hi"' })).items)).toEqual(['tricky']);
    expect(ids((await search({ where: '$.n == -1.5' })).items)).toEqual(['tricky']);
    expect((await search({ where: `$.note == ${JSON.stringify(note + ' ')}` })).items).toEqual([]);
    await store.db.execute(sql`delete from events where event_id = 'tricky'`);
  });

  it('combines conditions with paging', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { where: '$.severity == "high"', topic: 'orders', limit: '3' };
      if (cursor) query.cursor = cursor;
      const page = await search(query);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
  });

  it('filters by delivery outcome and by error text, deliveries and dead letters alike', async () => {
    const [shipping] = await store.db
      .insert(deliveryConsumers)
      .values({ topic: 'orders', group: 'shipping', consumer: 'c9', service: 'shipping' })
      .returning({ id: deliveryConsumers.id });
    const delivery = (
      eventId: string,
      outcome: 'retried' | 'failed' | 'dead-lettered' | 'handled',
      attempt: number,
      error: string | null,
    ) => ({
      consumerId: shipping!.id,
      entryId: `${eventId}-0`,
      eventId,
      outcome,
      attempt,
      error,
      at: at(200 + attempt),
    });
    await store.db
      .insert(deliveries)
      .values([
        delivery('evt-010', 'retried', 1, 'Carrier API timed out after 5000 ms'),
        delivery('evt-010', 'handled', 2, null),
        delivery('evt-020', 'retried', 1, 'carrier api TIMED OUT'),
        delivery('evt-020', 'failed', 2, 'Address 100%_invalid'),
        delivery('evt-020', 'dead-lettered', 2, 'Address 100%_invalid'),
        delivery('evt-030', 'handled', 1, null),
      ]);
    // the dead letter carries the whole message; the telemetry only a short one
    await store.db.insert(deadLetters).values(
      deadLetterRow({
        id: 'orders.dlq/filter-1',
        topic: 'orders',
        group: 'shipping',
        eventId: 'evt-040',
        errorMessage: 'Warehouse rejected the parcel: dimensions exceed the limit',
      }),
    );
    try {
      expect(ids((await search({ outcome: 'retried' })).items)).toEqual(['evt-020', 'evt-010']);
      expect(ids((await search({ outcome: 'failed' })).items)).toEqual(['evt-020']);
      expect(ids((await search({ outcome: 'dead-lettered' })).items)).toEqual(['evt-020']);
      expect(ids((await search({ error: 'TIMED out' })).items)).toEqual(['evt-020', 'evt-010']);
      expect(ids((await search({ error: 'dimensions EXCEED' })).items)).toEqual(['evt-040']);
      // % and _ are literal, and the filters AND with the others
      expect(ids((await search({ error: '100%_inv' })).items)).toEqual(['evt-020']);
      expect((await search({ error: '%' })).items.map((i) => i.id)).toEqual(['evt-020']);
      expect(ids((await search({ outcome: 'retried', topic: 'orders' })).items)).toEqual([]);
      expect(ids((await search({ outcome: 'retried', topic: 'payments' })).items)).toEqual(['evt-010']);
      expect(ids((await search({ outcome: 'retried', topic: 'audit' })).items)).toEqual(['evt-020']);
      expect(ids((await search({ outcome: 'retried', error: 'invalid' })).items)).toEqual(['evt-020']);
      expect((await search({ error: 'nothing failed like this' })).items).toEqual([]);
      // a group: the events it received; outcome and error then look at its deliveries only
      expect(ids((await search({ group: 'shipping' })).items)).toEqual([
        'evt-040',
        'evt-030',
        'evt-020',
        'evt-010',
      ]);
      expect(ids((await search({ group: 'shipping', error: 'dimensions' })).items)).toEqual(['evt-040']);
      expect(ids((await search({ group: ['packing', 'shipping'], outcome: 'failed' })).items)).toEqual([
        'evt-020',
      ]);
      expect((await search({ group: 'packing', error: 'timed out' })).items).toEqual([]);
      expect((await search({ group: 'packing', outcome: 'retried' })).items).toEqual([]);
      expect((await search({ group: 'packing' })).items).toEqual([]);

      // more matching errors than the search looks up by id: it checks each event instead, same answer
      await store.db
        .insert(deliveries)
        .values(
          Array.from({ length: MAX_ERROR_CANDIDATES + 1 }, (_, i) =>
            delivery(i % 2 === 0 ? 'evt-050' : 'evt-051', 'retried', 10 + i, `Carrier API timed out #${i}`),
          ),
        );
      expect(ids((await search({ error: 'TIMED out' })).items)).toEqual([
        'evt-050',
        'evt-051',
        'evt-020',
        'evt-010',
      ]);
      expect(ids((await search({ error: 'timed out', limit: '2' })).items)).toEqual(['evt-050', 'evt-051']);
    } finally {
      await store.db.execute(sql`delete from deliveries where consumer_id = ${shipping!.id}`);
      await store.db.execute(sql`delete from dead_letters where id = 'orders.dlq/filter-1'`);
    }
  });

  it('refuses an unknown outcome and empty error text', () => {
    const outcome = EventsQuery.safeParse({ outcome: 'handled' });
    expect(outcome.success).toBe(false);
    expect(outcome.error?.issues[0]).toMatchObject({
      path: ['outcome'],
      message: 'expected one of failed, retried, dead-lettered',
    });
    expect(EventsQuery.safeParse({ error: '' }).success).toBe(false);
    expect(EventsQuery.safeParse({ error: 'x'.repeat(201) }).success).toBe(false);
    expect(EventsQuery.parse({ error: '  timeout ' })).toMatchObject({ error: 'timeout', outcome: null });
  });
});
