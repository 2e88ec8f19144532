import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedis, waitForReady } from '@/server/bus/connection';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test uses. */
export function uniquePrefix(label = 't'): string {
  return `test-${label}-${randomBytes(4).toString('hex')}`;
}

/** A connected client (the bus's clients fail fast while connecting, by design). */
export async function testRedis(url = TEST_REDIS_URL): Promise<Redis> {
  const redis = createRedis(url, { name: 'eventlens:test' });
  await waitForReady(redis, 5_000);
  return redis;
}

/** A proxy in front of the test Redis: cutting it stops the traffic without stopping the shared Redis. */
export function startRedisProxy(url = TEST_REDIS_URL): Promise<TcpProxy> {
  const target = new URL(url);
  return startTcpProxy(Number(target.port || 6379), target.hostname);
}

/** A connected client through the proxy, quiet about the outages the test causes. */
export async function proxiedRedis(proxy: TcpProxy, url = TEST_REDIS_URL): Promise<Redis> {
  const redis = createRedis(proxy.url(url), { name: 'eventlens:test' });
  redis.on('error', () => {
    // the outage is the point of the test
  });
  await waitForReady(redis, 5_000);
  return redis;
}

/** Deletes every key under the prefix (SCAN, never KEYS). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Polls until `check` returns a truthy value or the timeout passes. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
