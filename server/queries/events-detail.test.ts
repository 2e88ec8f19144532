/**
 * One event from the store: its cause, what it caused, its correlation, deliveries and dead letters,
 * a foreign entry's raw fields, and which id (and source) finds it.
 */
import { describe, expect, it } from 'vitest';
import { deadLetters, deliveries, deliveryConsumers, events } from '@/db/schema';
import { STORE_FLAVOURS } from '@/db/testing/test-database';
import { useTestStore } from '@/db/testing/use-test-store';
import { deadLetterRow, eventRow } from '@/server/testing/store-rows';
import { AmbiguousEventError, EventNotFoundError } from './errors';
import { getEvent } from './events';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

describe.each(STORE_FLAVOURS)('one event on %s', (flavour) => {
  const store = useTestStore(flavour, 'events_detail', async (db) => {
    await db.insert(events).values([
      eventRow({ eventId: 'root', time: at(100), correlationId: 'chain', data: { step: 0 } }),
      eventRow({ eventId: 'child-1', time: at(101), correlationId: 'chain', causationId: 'root' }),
      eventRow({ eventId: 'child-2', time: at(102), correlationId: 'chain', causationId: 'root' }),
      eventRow({ eventId: 'grandchild', time: at(103), correlationId: 'chain', causationId: 'child-1' }),
      eventRow({ eventId: 'twin', source: '/a', time: at(104) }),
      eventRow({ eventId: 'twin', source: '/b', time: at(105) }),
      eventRow({
        eventId: 'orders/1700000000000-0',
        source: 'el:{orders}:stream',
        time: at(106),
        foreign: true,
        type: 'unknown',
        rawFields: { payload: '{not json' },
        decodeError: 'field "event" missing',
      }),
    ]);
    const [billing] = await db
      .insert(deliveryConsumers)
      .values({ topic: 'orders', group: 'billing', consumer: 'c1', service: 'billing' })
      .returning({ id: deliveryConsumers.id });
    await db.insert(deliveries).values([
      {
        consumerId: billing!.id,
        entryId: '1-0',
        eventId: 'child-1',
        outcome: 'failed',
        attempt: 1,
        durationMs: 12,
        error: 'timeout',
        at: at(101.5),
      },
      {
        consumerId: billing!.id,
        entryId: '1-0',
        eventId: 'child-1',
        outcome: 'handled',
        attempt: 2,
        durationMs: 3,
        at: at(102.5),
      },
    ]);
  });

  it('links its cause, what it caused and its correlation', async () => {
    const child = await getEvent(store.db, 'child-1');
    expect(child.links).toEqual({
      causedBy: 'root',
      causes: ['grandchild'],
      causesTruncated: false,
      sameCorrelationCount: 4,
    });
    expect(child.cause).toMatchObject({ id: 'root', time: at(100).toISOString() });
    expect(child.caused.map((c) => c.id)).toEqual(['grandchild']);
    expect(child.deliveries.map((d) => [d.outcome, d.attempt, d.error])).toEqual([
      ['failed', 1, 'timeout'],
      ['handled', 2, null],
    ]);

    expect(child.deadLetters).toEqual([]);
    const long = `card declined by the issuer: ${'x'.repeat(400)}`;
    await store.db.insert(deadLetters).values(
      deadLetterRow({
        id: 'orders.dlq/5-0',
        topic: 'orders',
        group: 'shipping',
        eventId: 'child-1',
        errorName: 'PaymentError',
        errorMessage: long,
        errorStack: `PaymentError: ${long}\n    at charge (pay.ts:3:1)`,
      }),
    );
    // the whole message and the stack, not the telemetry's short error
    expect((await getEvent(store.db, 'child-1')).deadLetters).toEqual([
      expect.objectContaining({
        id: 'orders.dlq/5-0',
        group: 'shipping',
        errorMessage: long,
        errorStack: expect.stringContaining('at charge (pay.ts:3:1)'),
      }),
    ]);

    const root = await getEvent(store.db, 'root');
    expect(root.links.causedBy).toBeNull();
    expect(root.cause).toBeNull();
    expect(root.links.causes).toEqual(['child-1', 'child-2']);
    expect(root.data).toEqual({ text: '{"step":0}', sizeBytes: 10, truncated: false });
  });

  it('shows raw fields and the decode error of a foreign entry', async () => {
    const foreign = await getEvent(store.db, 'orders/1700000000000-0');
    expect(foreign).toMatchObject({
      foreign: true,
      rawFields: { text: '{"payload": "{not json"}', sizeBytes: 24, truncated: false },
      decodeError: 'field "event" missing',
      data: null,
      links: { causedBy: null, causes: [], sameCorrelationCount: 0 },
    });
  });

  it('is not found, or ambiguous across sources until a source is given', async () => {
    await expect(getEvent(store.db, 'nope')).rejects.toBeInstanceOf(EventNotFoundError);
    await expect(getEvent(store.db, 'root', '/elsewhere')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const ambiguous = getEvent(store.db, 'twin');
    await expect(ambiguous).rejects.toBeInstanceOf(AmbiguousEventError);
    await expect(ambiguous).rejects.toMatchObject({ code: 'CONFLICT', sources: ['/a', '/b'] });
    expect((await getEvent(store.db, 'twin', '/b')).time).toBe(at(105).toISOString());
  });
});
