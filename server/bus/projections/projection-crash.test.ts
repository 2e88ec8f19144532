import { describe, expect, it } from 'vitest';
import { useCrashHarness } from '@/server/testing/crash-harness';
import { waitForExit } from '@/server/testing/child';
import { order } from '@/server/testing/projection-fixtures';
import { eventually } from '@/server/testing/redis';
import type { PublishInput } from '../envelope';

const CHILD = 'server/testing/projection-process.ts';
const ORDERS = 6_000;
const PAYMENTS = 3_000;

describe('projection crash recovery (runners in their own processes)', () => {
  // publishes and reads only: the children run the projection
  const h = useCrashHarness('proj-crash', 'projection-reader');

  it('kill -9 mid-catch-up: a new process resumes from the checkpoint, nothing applied twice', async () => {
    const orders: PublishInput[] = [];
    for (let i = 0; i < ORDERS; i++) orders.push({ type: 'order.placed', data: order(i) });
    const payments: PublishInput[] = [];
    for (let i = 0; i < PAYMENTS; i++)
      payments.push({ type: 'payment.received', data: { orderId: `o-${i}`, cents: 1 } });
    await h.bus.publishBatch('orders', orders);
    await h.bus.publishBatch('payments', payments);

    const victim = await h.start(CHILD, { PREFIX: h.prefix, BATCH_SIZE: '20', LEASE_MS: '500' });
    const state = h.bus.keys.projectionState('order-totals', 1);
    await eventually(async () => Number(await h.redis.hget(state, 'applied')) >= 1_000, 15_000, 5);
    victim.kill('SIGKILL');
    await waitForExit(victim);
    const atKill = Number(await h.redis.hget(state, 'applied'));
    expect(atKill).toBeLessThan(ORDERS + PAYMENTS); // killed mid-way

    await h.start(CHILD, { PREFIX: h.prefix, BATCH_SIZE: '500', LEASE_MS: '500' });
    await eventually(async () => (await h.bus.projections.status('order-totals')).active.lag === 0, 20_000);

    const view = await h.bus.projections.read('order-totals');
    expect(await view.hgetall('counts')).toEqual({ orders: String(ORDERS), payments: String(PAYMENTS) });
    const byCustomer = await view.hgetall('orders-by-customer');
    for (let c = 0; c < 7; c++) {
      const expected = Array.from({ length: ORDERS }, (_, i) => i).filter((i) => i % 7 === c).length;
      expect(byCustomer[`c-${c}`]).toBe(String(expected));
    }
    expect(await h.redis.scard(view.key('paid'))).toBe(PAYMENTS);
    const status = await h.bus.projections.status('order-totals');
    expect(status.active.applied).toBe(ORDERS + PAYMENTS);
    expect(status.active.duplicates).toBe(0);
  });
});
