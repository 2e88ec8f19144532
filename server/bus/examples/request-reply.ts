/**
 * Request-reply over streams, and schema versions with an upcaster.
 * Run: npx tsx server/bus/examples/request-reply.ts
 */
import { z } from 'zod';
import { createBus, createRedis, RequestTimeoutError, SchemaRegistry } from '@/server/bus';

export async function requestReply(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = createRedis(redisUrl);
  const schemas = new SchemaRegistry()
    .register('quote.requested', 1, z.object({ sku: z.string() }))
    .register('quote.requested', 2, z.object({ sku: z.string(), quantity: z.number().int().positive() }))
    .upcaster('quote.requested', 1, (data) => ({ ...(data as object), quantity: 1 }));
  const pricing = createBus({ redis, service: 'pricing', prefix, schemas });
  const shop = createBus({ redis, service: 'shop', prefix, schemas });
  const log: string[] = [];

  const handler = pricing.handle<{ sku: string; quantity: number }, { price: number }>(
    'quotes',
    (request) => ({ price: request.data.quantity * 9.5 }),
    { blockMs: 100 },
  );
  await handler.ready;

  const v2 = await shop.request('quotes', { type: 'quote.requested', data: { sku: 'A-1', quantity: 3 } });
  log.push(`v2 quote: ${JSON.stringify(v2.data)}`);
  const v1 = await shop.request('quotes', { type: 'quote.requested', dataVersion: 1, data: { sku: 'A-1' } });
  log.push(`v1 quote (upcast to v2): ${JSON.stringify(v1.data)}`);
  try {
    await shop.request(
      'nobody-listens',
      { type: 'quote.requested', data: { sku: 'A-1', quantity: 1 } },
      { timeoutMs: 200 },
    );
  } catch (error) {
    if (error instanceof RequestTimeoutError) log.push(`timeout: ${error.message}`);
  }

  await Promise.all([pricing.close(), shop.close()]);
  redis.disconnect();
  return log;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = await requestReply(
    process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    `example-${process.pid}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
