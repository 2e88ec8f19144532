import { Redis, type RedisOptions } from 'ioredis';
import { lastConnectionError, trackConnectionErrors } from './connection-cause';
import { withDeadline } from './deadline';
import { backoffMs } from './retry';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ConnectionOptions {
  /** Shown in `CLIENT LIST`, so an operator can tell EventLens' connections apart. */
  name?: string;
  /**
   * Commands issued while disconnected fail at once instead of queueing without bound.
   * Blocking readers set this to true so their next XREAD waits for the reconnect.
   */
  offlineQueue?: boolean;
  /** Extra ioredis options; ours win where they overlap. */
  overrides?: RedisOptions;
}

const RECONNECT = { baseMs: 200, maxMs: 2_000, multiplier: 2, jitter: 0 };

/**
 * The one place EventLens creates Redis connections. Reconnects forever with capped backoff
 * (200 ms doubling to 2 s) so that a Redis restart heals without a process restart.
 */
export function createRedis(url: string = DEFAULT_REDIS_URL, options: ConnectionOptions = {}): Redis {
  const redis = new Redis(url, {
    ...options.overrides,
    connectionName: options.name ?? 'eventlens',
    lazyConnect: false,
    enableOfflineQueue: options.offlineQueue ?? false,
    maxRetriesPerRequest: options.offlineQueue ? null : 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => backoffMs(RECONNECT, attempt),
  });
  // commands fail with ioredis' generic messages; the socket's own error is the cause worth showing
  return trackConnectionErrors(redis);
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => redis.once('ready', (onReady = resolve)));
  await withDeadline(ready, timeoutMs, () => {
    redis.off('ready', onReady);
    const cause = lastConnectionError(redis);
    throw new Error(`Redis not ready after ${timeoutMs} ms${cause ? `: ${cause}` : ''}`);
  });
}

/** Whether something answers PING at `url` within `timeoutMs`; never throws. */
export async function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  probe.on('error', () => {
    // a refused probe is the answer we are asking for
  });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
