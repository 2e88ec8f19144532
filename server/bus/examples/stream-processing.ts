/**
 * Stream processing: filter/map/to, a tumbling window with a late correction, a count rule.
 * Run: npx tsx server/bus/examples/stream-processing.ts   (Redis on REDIS_URL or 127.0.0.1:6379)
 */
import { createBus, createRedis, type RuleAlert, type WindowResult } from '@/server/bus';

export async function streamProcessing(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = createRedis(redisUrl);
  const bus = createBus({ redis, service: 'billing', prefix });
  const log: string[] = [];
  const fast = { blockMs: 100, pollMs: 50 };

  const processors = [
    bus.streams
      .from<{ amount: number }>('payments', { name: 'big-payments', ...fast })
      .filter((e) => e.data.amount >= 100)
      .map((e) => ({ type: 'payment.big', data: { cents: e.data.amount * 100 } }))
      .to('big-payments'),
    bus.streams
      .from<{ amount: number }>('payments', { name: 'revenue-per-second', ...fast })
      .window({ kind: 'tumbling', sizeMs: 1_000, latenessMs: 5_000, value: (e) => e.data.amount })
      .to('revenue', { type: 'revenue.second' }),
    bus.streams
      .from<{ amount: number }>('payments', { name: 'card-testing', ...fast })
      .count({ match: (e) => e.data.amount < 2, count: 3, withinMs: 60_000 })
      .to('alerts', { type: 'fraud.card-testing' }),
  ];
  await Promise.all(processors.map((p) => p.ready));
  const listen = <T>(group: string, topic: string, line: (data: T) => string) =>
    bus.subscribe<T>(group, topic, (event) => void log.push(line(event.data)), { blockMs: 100 });
  const listeners = [
    listen<{ cents: number }>('print', 'big-payments', (d) => `big payment: ${d.cents} cents`),
    listen<WindowResult>(
      'print',
      'revenue',
      (d) => `revenue ${d.start.slice(11, 19)} r${d.revision}: ${d.sum}`,
    ),
    listen<RuleAlert>('print', 'alerts', (d) => `alert for ${d.key}: ${d.events.length} tiny payments`),
  ];
  await Promise.all(listeners.map((l) => l.ready));

  const t0 = Date.UTC(2026, 0, 1, 12);
  const pay = (ms: number, amount: number) =>
    bus.publish('payments', {
      type: 'payment.made',
      subject: 'card-1',
      time: new Date(t0 + ms),
      data: { amount },
    });
  await pay(0, 1);
  await pay(200, 1);
  await pay(400, 150); // a big payment
  await pay(1_100, 1); // third tiny one: alert; and the watermark passes 12:00:01: first window out
  await pay(900, 10); // late, within lateness: the first window again, corrected

  const deadline = Date.now() + 5_000;
  while (log.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await bus.close();
  redis.disconnect();
  return log.sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = await streamProcessing(
    process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    `example-${process.pid}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
