import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix, testRedis, uniquePrefix } from '@/server/testing/redis';
import { startDemo } from './demo';

describe('startDemo options', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('demo-options');
  });
  afterEach(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('stops cleanly when stopped before it was ready', async () => {
    const demo = startDemo({ redis, prefix, ratePerSec: 10 });
    await demo.stop();
    await demo.ready;
    expect(demo.stats().produced).toEqual({ signals: 0, legacy: 0, tickets: 0 });
  });

  it.each([
    [{ ratePerSec: 0 }, /ratePerSec must be a positive number/],
    [{ ratePerSec: Number.POSITIVE_INFINITY }, /ratePerSec/],
    [{ failureRate: 1.5 }, /failureRate must be between 0 and 1/],
    [{ containmentFailureRate: -0.1 }, /containmentFailureRate/],
    [{ stuckCompensationRate: 2 }, /stuckCompensationRate must be between 0 and 1/],
    [{ stuckResolvedAfterMs: 0 }, /stuckResolvedAfterMs must be a positive number/],
  ])('rejects %o before starting anything', (options, message) => {
    expect(() => startDemo({ redis, prefix, ...options })).toThrow(message);
  });
});
