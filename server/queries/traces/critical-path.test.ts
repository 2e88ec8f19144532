import { describe, expect, it } from 'vitest';
import type { TraceDelivery } from '@/server/contracts/traces';
import { criticalPath } from './critical-path';
import type { TraceEventRow } from './types';

const ev = (id: string, service: string, timeMs: number, causationId: string | null): TraceEventRow => ({
  id,
  source: `/services/${service}`,
  service,
  timeMs,
  topic: 't',
  type: id,
  subject: null,
  causationId,
  foreign: false,
  sensitivity: null,
});
const delivery = (service: string, endMs: number, queueWaitMs: number, handlerMs: number): TraceDelivery => ({
  group: service,
  service,
  consumer: 'c',
  outcome: 'handled',
  attempts: [],
  queueWaitMs,
  handlerMs,
  startMs: endMs - handlerMs,
  endMs,
  deadLetterId: null,
  replayJobId: null,
  replayEventId: null,
});

describe('criticalPath', () => {
  // order (shop, t=0) -> payment (billing, t=100) -> shipment (shipping, t=5,100); order -> email (mail, t=50)
  const events = [
    ev('order', 'shop', 1_000, null),
    ev('email', 'mail', 1_050, 'order'),
    ev('payment', 'billing', 1_100, 'order'),
    ev('shipment', 'shipping', 6_100, 'payment'),
  ];
  const parents = [null, 0, 0, 2];

  it('follows the chain that ended last, timing each hop against its parent', () => {
    const deliveries = new Map<string, TraceDelivery[]>([
      ['order', [delivery('billing', 95, 60, 30)]],
      ['payment', [delivery('shipping', 5_095, 4_900, 90)]],
    ]);
    const { path, onPath } = criticalPath(events, parents, deliveries, 1_000);
    expect(path.eventIds).toEqual(['order', 'payment', 'shipment']);
    expect(path.hops).toEqual([
      { fromEventId: null, toEventId: 'order', service: 'shop', ms: 0, queueWaitMs: null, handlerMs: null },
      {
        fromEventId: 'order',
        toEventId: 'payment',
        service: 'billing',
        ms: 100,
        queueWaitMs: 60,
        handlerMs: 30,
      },
      {
        fromEventId: 'payment',
        toEventId: 'shipment',
        service: 'shipping',
        ms: 5_000,
        queueWaitMs: 4_900,
        handlerMs: 90,
      },
    ]);
    expect(path.totalMs).toBe(5_100);
    expect(path.services[0]).toEqual({ service: 'shipping', ms: 5_000, hops: 1 });
    expect([...onPath]).toEqual([0, 2, 3]);
  });

  it('ends with the delivery that finished after the last event', () => {
    const deliveries = new Map<string, TraceDelivery[]>([['email', [delivery('mailer', 9_000, 10, 8_000)]]]);
    const { path } = criticalPath(events, parents, deliveries, 1_000);
    expect(path.eventIds).toEqual(['order', 'email']);
    expect(path.hops.at(-1)).toEqual({
      fromEventId: 'email',
      toEventId: 'email',
      service: 'mailer',
      ms: 8_950,
      queueWaitMs: 10,
      handlerMs: 8_000,
    });
    expect(path.totalMs).toBe(9_000);
  });

  it('ends with the handling, not the event it published, when both carry the same millisecond', () => {
    const deliveries = new Map<string, TraceDelivery[]>([
      ['payment', [delivery('shipping', 5_100, 4_900, 90)]],
    ]);
    const { path } = criticalPath(events, parents, deliveries, 1_000);
    expect(path.eventIds).toEqual(['order', 'payment']);
    expect(path.hops.map((h) => h.service)).toEqual(['shop', 'billing', 'shipping']);
  });

  it('stops on a loop and on an empty trace', () => {
    expect(criticalPath([], [], new Map(), 0).path.eventIds).toEqual([]);
    const loop = [ev('a', 's', 0, 'b'), ev('b', 's', 10, 'a')];
    expect(criticalPath(loop, [1, 0], new Map(), 0).path.eventIds).toEqual(['a', 'b']);
  });
});
