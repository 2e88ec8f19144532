import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, proxiedRedis, startRedisProxy, testRedis, uniquePrefix } from '@/server/testing/redis';
import type { TcpProxy } from '@/server/testing/tcp-proxy';
import { createBus } from './bus';
import { BusUnavailableError } from './errors';

/** Redis traffic really stops (a proxy in between is cut); the shared Redis keeps running. */
describe('publishing while Redis traffic is cut', () => {
  let proxy: TcpProxy;
  let direct: Redis;
  const prefix = uniquePrefix('bh-unavailable');

  beforeAll(async () => {
    proxy = await startRedisProxy();
    direct = await testRedis();
  });
  afterAll(async () => {
    await proxy.close();
    await deletePrefix(direct, prefix);
    direct.disconnect();
  });

  it('rejects every publish path with BusUnavailableError, keeping the client error as its cause', async () => {
    const redis = await proxiedRedis(proxy);
    const bus = createBus({ redis, service: 'cut', prefix, telemetry: false, offlineTimeoutMs: 300 });
    await bus.publish('orders', { type: 'warm.up' });
    const consumer = bus.subscribe('audit', 'orders', () => undefined, { blockMs: 100 });
    await consumer.ready;

    // in flight when the traffic stops: written to a socket that is about to die
    const inFlight: Promise<unknown>[] = [
      ...Array.from({ length: 20 }, (_, n) => bus.publish('orders', { type: 'order.placed', data: { n } })),
      bus.publishBatch(
        'orders',
        Array.from({ length: 300 }, (_, n) => ({ type: 'order.placed', data: { n } })),
      ),
      bus.publishBatch('payments', [{ type: 'payment.requested' }]),
      bus.request('quotes', { type: 'quote.requested' }, { timeoutMs: 10_000 }),
    ];
    await proxy.cut();
    const settled = await Promise.allSettled(inFlight);
    // and after: waiting for a reconnect that does not come in time
    const after = await Promise.allSettled([
      bus.publish('orders', { type: 'order.placed' }),
      bus.publishBatch('orders', [{ type: 'order.placed' }]),
    ]);

    const errors = [...settled, ...after].map((result) =>
      result.status === 'rejected' ? (result.reason as unknown) : new Error('resolved while cut'),
    );
    expect(errors.filter((error) => !(error instanceof BusUnavailableError))).toEqual([]);
    const causes = errors.map((error) => (error as BusUnavailableError).cause);
    // the client's own errors (MaxRetriesPerRequestError, "Connection is closed", ...) were mapped, not lost
    expect(causes.filter((cause) => cause instanceof Error).length).toBeGreaterThanOrEqual(settled.length);
    for (const error of errors) expect(error).toMatchObject({ code: 'BUS_UNAVAILABLE' });

    // closing while Redis is away must not wait for reads that will never settle
    await bus.close({ timeoutMs: 500 });
    redis.disconnect();
  });
});
