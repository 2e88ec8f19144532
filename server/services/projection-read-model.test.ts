/**
 * The read-model look on a real Redis crowded with other keys, so SCAN needs many rounds: the sample
 * is the first keys by name whatever order SCAN finds them in, so the same model in two generations
 * (before and after a rebuild) shows the same keys.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys, type Keys } from '@/server/bus/keys';
import { deletePrefix, testRedis, uniquePrefix } from '@/server/testing/redis';
import { MAX_KEYS, readModelSample } from './projection-read-model';

const MODEL_KEYS = 120;
const OTHER_KEYS = 3_000;

describe('projection read-model sample (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  const names = Array.from({ length: MODEL_KEYS }, (_, i) => `order:${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('read-model');
    keys = createKeys(prefix);
    const batch = redis.pipeline();
    for (const generation of [1, 2])
      for (const name of names) batch.hset(keys.projectionModel('totals', generation, name), 'sum', '1');
    for (let i = 0; i < OTHER_KEYS; i++) batch.set(`${prefix}:other:${i}`, '1');
    batch.hset(keys.projectionModel('small', 1, 'counts'), 'orders', '2');
    batch.set(keys.projectionModel('small', 1, 'last'), 'o-2');
    await batch.exec();
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('shows the first keys by name, the same in both generations, and says more exist', async () => {
    const first = await readModelSample({ redis, keys }, 'totals', 1);
    const second = await readModelSample({ redis, keys }, 'totals', 2);
    expect(first.keys.map((k) => k.key)).toEqual(names.slice(0, MAX_KEYS));
    expect(first.truncated).toBe(true);
    expect(second.keys).toEqual(first.keys);
    expect(second.generation).toBe(2);
  });

  it('a model smaller than the look shows all of it, not truncated', async () => {
    const small = await readModelSample({ redis, keys }, 'small', 1);
    expect(small).toEqual({
      generation: 1,
      keys: [
        { key: 'counts', type: 'hash', entries: [{ field: 'orders', value: '2' }], size: 1 },
        { key: 'last', type: 'string', entries: [{ field: '', value: 'o-2' }], size: 1 },
      ],
      truncated: false,
    });
  });
});
