/**
 * Publish, consume with retries, and look at the dead letters.
 * Run: npx tsx server/bus/examples/quickstart.ts   (Redis on REDIS_URL or 127.0.0.1:6379)
 */
import { createBus, createRedis, UnrecoverableError } from '@/server/bus';

export async function quickstart(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = createRedis(redisUrl);
  const bus = createBus({ redis, service: 'orders', prefix });
  const log: string[] = [];

  const shipping = bus.subscribe(
    'shipping',
    'orders',
    async (event, ctx) => {
      const order = event.data as { id: string; total: number };
      if (order.total < 0) throw new UnrecoverableError('negative total'); // straight to the dead letters
      if (ctx.attempt === 1 && order.id === 'o-2') throw new Error('carrier API hiccup'); // retried with backoff
      log.push(`shipped ${order.id} (attempt ${ctx.attempt})`);
      // published inside a handler: same correlation id, caused by this event
      await bus.publish('shipments', {
        type: 'shipment.created',
        subject: order.id,
        data: { orderId: order.id },
      });
    },
    { concurrency: 5, retry: { maxAttempts: 3, baseMs: 50 }, blockMs: 100 },
  );
  await shipping.ready;

  for (const [id, total] of [
    ['o-1', 10],
    ['o-2', 20],
    ['o-3', -1],
  ] as const) {
    await bus.publish('orders', { type: 'order.placed', subject: id, data: { id, total } });
  }

  const deadline = Date.now() + 5_000;
  while (shipping.stats.handled + shipping.stats['dead-lettered'] < 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const letter of await bus.deadLetters.list({ topics: ['orders'] })) {
    log.push(`dead letter ${letter.category}: ${letter.errorMessage}`);
  }
  await bus.close();
  redis.disconnect();
  return log.sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = await quickstart(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', `example-${process.pid}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
