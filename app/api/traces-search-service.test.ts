/**
 * GET /api/traces?service=… on a busy store: a quiet service's traces sit behind more traffic than one
 * search reads, and are found by walking the topics the service publishes to and consumes from.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryConsumers, events, topologyEdges } from '@/db/schema';
import { TracePage } from '@/server/contracts/traces';
import { TRACE_SCAN_BUDGET } from '@/server/queries/traces/search';
import { get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { eventRow } from '@/server/testing/store-rows';
import { GET as getTraces } from './traces/route';

const NOW = Date.now();
const ago = (ms: number) => new Date(NOW - ms);
const HOUR = 3_600_000;
const BUSY = TRACE_SCAN_BUDGET + 5_000;

describe('REST API: trace search by a quiet service behind busy traffic', () => {
  let ctx: TestContext;
  const search = async (query: string) => {
    const response = await get(getTraces, `/api/traces?${query}`);
    expect(response.status).toBe(200);
    return TracePage.parse(await json(response));
  };

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-trace-service');
    // the last half hour: one-event traces of a sensor, more than one search reads
    await ctx.db.execute(sql`
      insert into events (source, event_id, time, topic, stream, entry_id, type, correlation_id)
      select '/services/sensor', 'sig-' || g, now() - (g * 60 || ' ms')::interval, 'signals',
             'el:{signals}:stream', g || '-0', 'signal.raised', 'sig-' || g
      from generate_series(1, ${BUSY}) g`);
    // two hours and three hours ago: orders that billing consumed and answered
    const order = (n: number, at: number) => [
      eventRow({ eventId: `o-${n}`, time: ago(at), topic: 'orders', correlationId: `order-${n}` }),
      eventRow({
        eventId: `p-${n}`,
        time: ago(at - 500),
        topic: 'payments',
        type: 'payment.requested',
        source: '/services/billing',
        correlationId: `order-${n}`,
        causationId: `o-${n}`,
      }),
    ];
    await ctx.db.insert(events).values([...order(1, 2 * HOUR), ...order(2, 3 * HOUR)]);
    // a foreign stream's entry, whose source is its stream key: no topology names it
    await ctx.db.insert(events).values(
      eventRow({
        eventId: 'legacy:orders/1-0',
        source: 'legacy:orders',
        time: ago(1_000),
        topic: 'legacy:orders',
        correlationId: 'legacy-1',
        foreign: true,
      }),
    );
    await ctx.db.insert(topologyEdges).values({
      kind: 'publishes',
      from: 'billing',
      to: 'payments',
      events: 2,
      lastSeenAt: ago(2 * HOUR),
    });
    const [billing] = await ctx.db
      .insert(deliveryConsumers)
      .values({ topic: 'orders', group: 'billing', consumer: 'b-1', service: 'billing' })
      .returning();
    await ctx.db.insert(deliveries).values(
      [1, 2].map((n) => ({
        consumerId: billing!.id,
        entryId: `${n}-0`,
        eventId: `o-${n}`,
        outcome: 'handled' as const,
        attempt: 1,
        at: ago((n + 1) * HOUR - 400),
      })),
    );
  });
  afterAll(() => ctx.cleanup());

  it('finds every trace of the service in the window, and says the window was searched whole', async () => {
    const page = await search('service=billing');
    expect(page.items.map((t) => t.correlationId)).toEqual(['order-1', 'order-2']);
    expect(page.nextCursor).toBeNull();
    expect(Date.parse(page.searched.from)).toBeLessThan(NOW - 23 * HOUR);
  });

  it('pages through the service topics with a cursor', async () => {
    const first = await search('service=billing&limit=1');
    expect(first.items.map((t) => t.correlationId)).toEqual(['order-1']);
    const second = await search(`service=billing&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((t) => t.correlationId)).toEqual(['order-2']);
  });

  it('still finds a name the topology does not know, within what one search reads', async () => {
    const page = await search(`service=${encodeURIComponent('legacy:orders')}`);
    expect(page.items.map((t) => t.correlationId)).toEqual(['legacy-1']);
    // it read its budget of the busy traffic and says how far back that reached
    expect(page.nextCursor).not.toBeNull();
    expect(Date.parse(page.searched.from)).toBeGreaterThan(NOW - HOUR);
  });
});
