/**
 * A read model built from a topic: checkpoints, a rebuild into a new generation, the swap.
 * Run: npx tsx server/bus/examples/projections.ts
 */
import { createBus, createRedis, defineProjection, type Bus, type Model } from '@/server/bus';

interface Order {
  customer: string;
  cents: number;
}

const totals = defineProjection({
  name: 'customer-totals',
  topics: ['orders'],
  handlers: {
    'order.placed': (event: { data: Order }, model: Model) => {
      model.hincr('orders', event.data.customer);
      model.zincr('revenue', event.data.customer, event.data.cents);
    },
    'order.cancelled': (event: { data: Order }, model: Model) => {
      model.hincr('orders', event.data.customer, -1);
      model.zincr('revenue', event.data.customer, -event.data.cents);
    },
  },
});

export async function projections(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = createRedis(redisUrl);
  const bus = createBus({ redis, service: 'reporting', prefix });
  const log: string[] = [];

  await bus.publish('orders', { type: 'order.placed', data: { customer: 'ada', cents: 1200 } });
  await bus.publish('orders', { type: 'order.placed', data: { customer: 'bob', cents: 500 } });
  await bus.publish('orders', { type: 'order.placed', data: { customer: 'ada', cents: 300 } });
  await bus.publish('orders', { type: 'order.cancelled', data: { customer: 'bob', cents: 500 } });

  await bus.projections.register(totals, { pollMs: 20 }); // reads 'orders' from its first entry
  await caughtUp(bus, 'customer-totals');
  const view = await bus.projections.read('customer-totals');
  log.push(`orders: ${JSON.stringify(await view.hgetall('orders'))}`);
  log.push(`top customer: ${JSON.stringify(await view.zrange('revenue', 0, 0, { rev: true }))}`);

  // a new generation reads 'orders' from the start while generation 1 serves reads, then swaps in
  const generation = await bus.projections.rebuild('customer-totals');
  while ((await bus.projections.read('customer-totals')).generation !== generation) await pause(20);
  const rebuilt = await bus.projections.read('customer-totals');
  log.push(`generation ${rebuilt.generation}: ${JSON.stringify(await rebuilt.hgetall('orders'))}`);
  const status = await bus.projections.status('customer-totals');
  log.push(`lag ${status.active.lag}, applied ${status.active.applied}`);

  await bus.projections.close();
  await bus.close();
  redis.disconnect();
  return log;
}

async function caughtUp(bus: Bus, name: string): Promise<void> {
  while ((await bus.projections.status(name)).active.lag > 0) await pause(20);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = await projections(
    process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    `example-${process.pid}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
