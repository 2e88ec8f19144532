import type { ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChild, waitForExit } from '@/server/testing/child';
import { order } from '@/server/testing/projection-fixtures';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from '../bus';
import type { PublishInput } from '../envelope';

const CHILD = 'server/testing/projection-process.ts';
const ORDERS = 6_000;
const PAYMENTS = 3_000;

describe('projection crash recovery (runners in their own processes)', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('proj-crash');
    // publishes and reads only: the children run the projection
    bus = createBus({ redis, service: 'projection-reader', prefix, telemetry: false });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await waitForExit(child);
      }
    }
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('kill -9 mid-catch-up: a new process resumes from the checkpoint, nothing applied twice', async () => {
    const orders: PublishInput[] = [];
    for (let i = 0; i < ORDERS; i++) orders.push({ type: 'order.placed', data: order(i) });
    const payments: PublishInput[] = [];
    for (let i = 0; i < PAYMENTS; i++)
      payments.push({ type: 'payment.received', data: { orderId: `o-${i}`, cents: 1 } });
    await bus.publishBatch('orders', orders);
    await bus.publishBatch('payments', payments);

    const victim = await startChild(CHILD, { PREFIX: prefix, BATCH_SIZE: '20', LEASE_MS: '500' });
    children.push(victim);
    const state = bus.keys.projectionState('order-totals', 1);
    await eventually(async () => Number(await redis.hget(state, 'applied')) >= 1_000, 15_000, 5);
    victim.kill('SIGKILL');
    await waitForExit(victim);
    const atKill = Number(await redis.hget(state, 'applied'));
    expect(atKill).toBeLessThan(ORDERS + PAYMENTS); // killed mid-way

    const survivor = await startChild(CHILD, { PREFIX: prefix, BATCH_SIZE: '500', LEASE_MS: '500' });
    children.push(survivor);
    await eventually(async () => (await bus.projections.status('order-totals')).active.lag === 0, 20_000);

    const view = await bus.projections.read('order-totals');
    expect(await view.hgetall('counts')).toEqual({ orders: String(ORDERS), payments: String(PAYMENTS) });
    const byCustomer = await view.hgetall('orders-by-customer');
    for (let c = 0; c < 7; c++) {
      const expected = Array.from({ length: ORDERS }, (_, i) => i).filter((i) => i % 7 === c).length;
      expect(byCustomer[`c-${c}`]).toBe(String(expected));
    }
    expect(await redis.scard(view.key('paid'))).toBe(PAYMENTS);
    const status = await bus.projections.status('order-totals');
    expect(status.active.applied).toBe(ORDERS + PAYMENTS);
    expect(status.active.duplicates).toBe(0);
  });
});
