import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, testRedis, uniquePrefix } from '@/server/testing/redis';
import { deadLetterFields, DeadLetters } from './dead-letters';
import { createKeys } from './keys';

describe('DeadLetters.list (real Redis)', () => {
  let redis: Redis;
  const prefix = uniquePrefix('dlq-list');
  const keys = createKeys(prefix);

  beforeAll(async () => {
    redis = await testRedis();
    // 600 letters, one in ten poison, the newest 300 all transient: a category filter applied after
    // reading `count` entries would find none of the poison ones
    for (let i = 0; i < 600; i++) {
      await redis.xadd(
        keys.deadLetters('orders'),
        '*',
        ...deadLetterFields({
          topic: 'orders',
          stream: keys.stream('orders'),
          entryId: `${i + 1}-0`,
          group: 'billing',
          consumer: 'c1',
          fields: { event: '{}' },
          envelope: null,
          failure: {
            attempts: 1,
            firstFailureAt: 1_000 + i,
            lastFailureAt: 1_000 + i,
            error: new Error(`failure ${i}`),
            category: i < 300 && i % 10 === 0 ? 'poison' : 'transient',
          },
        }),
      );
    }
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('counts letters of the category asked for, not entries read', async () => {
    const letters = new DeadLetters(redis, keys);
    const poison = await letters.list({ topics: ['orders'], count: 25, category: 'poison' });
    expect(poison).toHaveLength(25);
    expect(poison.every((l) => l.category === 'poison')).toBe(true);
    expect(await letters.list({ topics: ['orders'], count: 50, category: 'poison' })).toHaveLength(30);
    const newest = await letters.list({ topics: ['orders'], count: 5 });
    expect(newest.map((l) => l.errorMessage)).toEqual([599, 598, 597, 596, 595].map((n) => `failure ${n}`));
  });
});
