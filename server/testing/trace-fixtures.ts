/**
 * The traces behind the one-trace API tests (app/api/traces.test.ts), as plain store rows: `c-1`, an
 * order whose payment delivery to `shipping` retried, failed, was dead-lettered and replayed, with one
 * cause recorded under `c-other` and one never recorded; `c-loop`, two causation cycles; `c-fast` and
 * `c-slow`, twins of one root type for comparison; `c-refund`, a trace of another root type. Seeded
 * row by row (not through the SDK) so that every time, outcome and odd shape is exactly known.
 */
import type { Db } from '@/db/client';
import {
  deadLetters,
  deliveries,
  deliveryConsumers,
  events,
  replayJobLetters,
  replayJobs,
} from '@/db/schema';
import { setLetterState } from './letter-states';
import { deadLetterRow, eventRow } from './store-rows';

/** The clock of the seeded traces: every time is `at(ms)` after T0. */
export const T0 = Date.parse('2025-03-01T10:00:00.000Z');
export const at = (ms: number): Date => new Date(T0 + ms);

export async function seedTraces(db: Db): Promise<void> {
  await db.insert(events).values([
    eventRow({
      eventId: 'o1',
      time: at(0),
      type: 'order.placed',
      correlationId: 'c-1',
      source: '/shop',
      data: { card: '4111', n: 1 },
    }),
    eventRow({
      eventId: 'p1',
      time: at(100),
      type: 'payment.requested',
      topic: 'payments',
      correlationId: 'c-1',
      causationId: 'o1',
      source: '/billing',
    }),
    eventRow({
      eventId: 's1',
      time: at(400),
      type: 'shipment.requested',
      topic: 'shipping',
      correlationId: 'c-1',
      causationId: 'p1',
      source: '/shipping',
    }),
    eventRow({
      eventId: 'n1',
      time: at(150),
      type: 'notice.sent',
      correlationId: 'c-1',
      causationId: 'o1',
      source: '/notify',
    }),
    // a cause recorded under another correlation, and one never recorded
    eventRow({ eventId: 'x0', time: at(-50), correlationId: 'c-other' }),
    eventRow({ eventId: 'x1', time: at(200), correlationId: 'c-1', causationId: 'x0' }),
    eventRow({ eventId: 'y1', time: at(210), correlationId: 'c-1', causationId: 'ghost' }),
    // a loop: a -> b -> a, and nothing else in its trace
    eventRow({ eventId: 'a', time: at(0), correlationId: 'c-loop', causationId: 'b' }),
    eventRow({ eventId: 'b', time: at(10), correlationId: 'c-loop', causationId: 'a' }),
    eventRow({ eventId: 'self', time: at(20), correlationId: 'c-loop', causationId: 'self' }),
    // twins of one root type: the slow one waited 500 ms for payment and shipped twice
    eventRow({ eventId: 'fa', time: at(0), type: 'order.placed', correlationId: 'c-fast' }),
    eventRow({
      eventId: 'fb',
      time: at(10),
      type: 'payment.requested',
      correlationId: 'c-fast',
      causationId: 'fa',
    }),
    eventRow({
      eventId: 'fc',
      time: at(20),
      type: 'shipment.requested',
      correlationId: 'c-fast',
      causationId: 'fb',
    }),
    eventRow({ eventId: 'sa', time: at(0), type: 'order.placed', correlationId: 'c-slow' }),
    eventRow({
      eventId: 'sb',
      time: at(500),
      type: 'payment.requested',
      correlationId: 'c-slow',
      causationId: 'sa',
    }),
    eventRow({
      eventId: 'sc',
      time: at(510),
      type: 'shipment.requested',
      correlationId: 'c-slow',
      causationId: 'sb',
    }),
    eventRow({
      eventId: 'sd',
      time: at(520),
      type: 'shipment.requested',
      correlationId: 'c-slow',
      causationId: 'sb',
    }),
    eventRow({ eventId: 'r1', time: at(0), type: 'refund.requested', correlationId: 'c-refund' }),
  ]);
  const [billing, shipping] = await db
    .insert(deliveryConsumers)
    .values([
      { topic: 'orders', group: 'billing', consumer: 'b-1', service: '/billing' },
      { topic: 'payments', group: 'shipping', consumer: 's-1', service: '/shipping' },
    ])
    .returning();
  await db.insert(deliveries).values([
    {
      consumerId: billing!.id,
      entryId: '1-0',
      eventId: 'o1',
      outcome: 'handled',
      attempt: 1,
      durationMs: 30,
      at: at(90),
    },
    // failed once (backoff), then dead-lettered; the letter was replayed
    {
      consumerId: shipping!.id,
      entryId: '2-0',
      eventId: 'p1',
      outcome: 'retried',
      attempt: 1,
      durationMs: 10,
      error: 'timeout',
      at: at(130),
    },
    {
      consumerId: shipping!.id,
      entryId: '2-0',
      eventId: 'p1',
      outcome: 'failed',
      attempt: 2,
      durationMs: 10,
      error: 'timeout',
      at: at(250),
    },
    {
      consumerId: shipping!.id,
      entryId: '3-0',
      eventId: 'p1',
      outcome: 'handled',
      attempt: 1,
      durationMs: 20,
      at: at(1_000),
    },
  ]);
  await db.insert(deadLetters).values(
    deadLetterRow({
      id: 'payments/9-0',
      topic: 'payments',
      group: 'shipping',
      eventId: 'p1',
      correlationId: 'c-1',
      lastFailureAt: at(250),
    }),
  );
  await setLetterState(
    db,
    'payments/9-0',
    'replayed',
    [{ at: at(900).toISOString(), action: 'replayed', actor: 'op', jobId: 'job-1' }],
    at(900),
  );
  await db.insert(replayJobs).values({
    id: 'job-1',
    state: 'completed',
    selection: { ids: ['payments/9-0'] },
    rateStart: 1,
    rateMax: 10,
    pauseAtFailureRate: 0.25,
    plan: {},
    total: 1,
    createdBy: 'op',
    createdByName: 'op',
  });
  await db.insert(replayJobLetters).values({
    jobId: 'job-1',
    letterId: 'payments/9-0',
    seq: 0,
    state: 'succeeded',
    eventId: 'p1',
    replayedAt: at(900),
  });
}
