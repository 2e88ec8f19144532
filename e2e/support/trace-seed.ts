/**
 * Seeds for the Traces spec: a chain across three services through the SDK's real consumers (a retry
 * and a dead letter included), and a 10,000-event trace written straight to its stream.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import type { Redis } from 'ioredis';
import { buildEnvelope, createKeys, EVENT_FIELD, UnrecoverableError } from '@/server/bus';
import { encodeEnvelope } from '@/server/bus/codec';
import type { TraceDetail } from '@/server/contracts/traces';
import type { Seed } from './fixtures';

export interface OrderChain {
  correlationId: string;
  services: { checkout: string; billing: string; shipping: string; notifier: string };
  /** Places another order through the same services (shipping no longer fails): a twin trace. */
  placeOrder(correlationId: string): Promise<void>;
}

/**
 * order.placed (checkout) → billing publishes payment.requested → shipping fails once, then on its
 * retry publishes shipment.created → notifier gives up on it at once: a dead letter.
 */
export async function orderChain(seed: Seed): Promise<OrderChain> {
  const topics = {
    orders: seed.topic('orders'),
    payments: seed.topic('payments'),
    shipments: seed.topic('shipments'),
  };
  const services = {
    checkout: seed.name('checkout'),
    billing: seed.name('billing'),
    shipping: seed.name('shipping'),
    notifier: seed.name('notifier'),
  };
  const billing = seed.bus(services.billing);
  const shipping = seed.bus(services.shipping);
  let shippingAttempts = 0;
  const subscriptions = [
    billing.subscribe(services.billing, topics.orders, async () => {
      await billing.publish(topics.payments, { type: 'payment.requested', data: { amount: 42 } });
    }),
    shipping.subscribe(
      services.shipping,
      topics.payments,
      async () => {
        shippingAttempts += 1;
        if (shippingAttempts === 1) throw new Error('carrier API timed out');
        await shipping.publish(topics.shipments, { type: 'shipment.created', data: { carrier: 'ups' } });
      },
      { retry: { maxAttempts: 3, baseMs: 150, jitter: 0 } },
    ),
    seed.bus(services.notifier).subscribe(
      services.notifier,
      topics.shipments,
      () => {
        throw new UnrecoverableError('customer has no e-mail address');
      },
      { retry: { maxAttempts: 1 } },
    ),
  ];
  await Promise.all(subscriptions.map((subscription) => subscription.ready));
  const placeOrder = async (correlationId: string) => {
    await seed.bus(services.checkout).publish(topics.orders, {
      type: 'order.placed',
      correlationId,
      data: { order: 1042 },
    });
  };
  const correlationId = `order-${seed.scope}`;
  await placeOrder(correlationId);
  return { correlationId, services, placeOrder };
}

/** Waits until the trace API tells what the test needs: so many events and dead letters, every delivery. */
export async function traceRecorded(
  request: APIRequestContext,
  correlationId: string,
  expected: { events: number; deadLetters?: number; failures?: number },
  timeout = 45_000,
): Promise<TraceDetail> {
  let detail: TraceDetail | undefined;
  await expect(async () => {
    const response = await request.get(`/api/traces/${encodeURIComponent(correlationId)}?limit=1`);
    expect(response.status(), `GET trace ${correlationId}`).toBe(200);
    detail = (await response.json()) as TraceDetail;
    expect(detail.summary.events).toBe(expected.events);
    if (expected.deadLetters !== undefined) expect(detail.summary.deadLetters).toBe(expected.deadLetters);
    if (expected.failures !== undefined)
      expect(detail.summary.failures).toBeGreaterThanOrEqual(expected.failures);
  }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
  return detail!;
}

/**
 * A 10,000-event trace: a root, 99 children and 100 grandchildren under each, written with the SDK's
 * envelope and codec straight to the stream in pipelined batches (publishing 10,000 events one by one
 * through a bus takes far longer and tests nothing more). The recorder stores them as any other entry.
 */
export async function largeTrace(
  seed: Seed,
  redis: Redis,
  events = 10_000,
): Promise<{ correlationId: string }> {
  const topic = seed.topic('bulk');
  const source = `/services/${seed.name('bulk')}`;
  await seed.bus(seed.name('bulk')).defineTopic(topic, { maxLen: 100_000 });
  const stream = createKeys(seed.prefix).stream(topic);
  const correlationId = `bulk-${seed.scope}`;
  const start = Date.now() - 60_000;
  const envelopes = [];
  const root = buildEnvelope(
    source,
    { type: 'bulk.started', correlationId, time: new Date(start), data: {} },
    undefined,
  );
  envelopes.push(root);
  const children = 99;
  const perChild = Math.ceil((events - 1 - children) / children);
  for (let c = 0; c < children && envelopes.length < events; c++) {
    const child = buildEnvelope(
      source,
      { type: 'bulk.step', correlationId, causationId: root.id, time: new Date(start + 10 + c), data: { c } },
      undefined,
    );
    envelopes.push(child);
    for (let g = 0; g < perChild && envelopes.length < events; g++) {
      envelopes.push(
        buildEnvelope(
          source,
          {
            type: 'bulk.item',
            correlationId,
            causationId: child.id,
            time: new Date(start + 200 + c * 100 + g),
            data: { c, g },
          },
          undefined,
        ),
      );
    }
  }
  for (let i = 0; i < envelopes.length; i += 1_000) {
    const batch = redis.pipeline();
    for (const envelope of envelopes.slice(i, i + 1_000))
      batch.xadd(stream, '*', EVENT_FIELD, encodeEnvelope(envelope));
    const results = (await batch.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw new Error(`large trace on ${topic}: ${String(failed[0])}`);
  }
  return { correlationId };
}
