import type { Redis } from 'ioredis';
import { DuplicateDeliveryError } from './errors';
import type { Keys } from './keys';
import type { ConsumeMiddleware } from './middleware';

export interface IdempotencyOptions {
  /** How long a handled event is remembered. Default 24 h. */
  ttlMs?: number;
  /** How long a delivery in progress holds its claim (a crashed handler's claim expires). Default 5 min. */
  lockMs?: number;
}

/**
 * Exactly-once effect on top of at-least-once delivery: per group, an event (by `source` + `id`, never
 * the stream entry id) is handled once within the TTL. A duplicate arriving while the first is still
 * running is retried later; one arriving after success is acked without running. Either way it is
 * reported as a `duplicate` outcome (DuplicateDeliveryError), never as a retry or a failure.
 */
export function idempotent(redis: Redis, keys: Keys, options: IdempotencyOptions = {}): ConsumeMiddleware {
  const ttlMs = options.ttlMs ?? 86_400_000;
  const lockMs = options.lockMs ?? 300_000;
  return async (event, ctx, next) => {
    const key = keys.idempotency(ctx.group, event.source, event.id);
    const claimed = await redis.set(key, 'running', 'PX', lockMs, 'NX');
    if (claimed === null) {
      const state = await redis.get(key);
      throw new DuplicateDeliveryError(event.id, event.source, state === 'done');
    }
    try {
      await next();
    } catch (error) {
      await redis.del(key);
      throw error;
    }
    await redis.set(key, 'done', 'PX', ttlMs);
  };
}
