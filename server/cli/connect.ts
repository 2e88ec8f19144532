/** Connections with a bounded wait: the CLI says "unreachable" after ~3 s instead of retrying forever. */
import type { Redis } from 'ioredis';
import { createRedis } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { RedisUnreachableError } from './errors';

export const CONNECT_TIMEOUT_MS = 3_000;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/** A ready connection, or RedisUnreachableError (exit 3) after `timeoutMs`. */
export async function connectRedis(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<Redis> {
  return ready(createRedis(url, { name: 'eventlens:cli' }), url, timeoutMs);
}

/** A second connection to the same server (for blocking reads), ready or RedisUnreachableError. */
export function duplicateConnection(
  redis: Redis,
  url: string,
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<Redis> {
  return ready(redis.duplicate(), url, timeoutMs);
}

async function ready(redis: Redis, url: string, timeoutMs: number): Promise<Redis> {
  let lastError: Error | null = null;
  // stays attached: without a listener ioredis prints every reconnect failure itself
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await waitForReady(redis, timeoutMs);
    return redis;
  } catch {
    redis.disconnect();
    const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
    const reason = lastError
      ? `${(lastError as Error).message} (gave up after ${seconds})`
      : `no answer within ${seconds}`;
    throw new RedisUnreachableError(redactUrl(url), reason);
  }
}
