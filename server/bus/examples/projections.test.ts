import { afterEach, describe, expect, it } from 'vitest';
import { deletePrefix, TEST_REDIS_URL, testRedis, uniquePrefix } from '@/server/testing/redis';
import { projections } from './projections';

/** The README's projections example runs as a test, so the documentation cannot rot. */
describe('README examples: projections', () => {
  let prefix = '';
  afterEach(async () => {
    const redis = await testRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('builds, rebuilds and swaps a read model', async () => {
    prefix = uniquePrefix('example');
    expect(await projections(TEST_REDIS_URL, prefix)).toEqual([
      'orders: {"ada":"2","bob":"0"}',
      'top customer: [{"member":"ada","score":1500}]',
      'generation 2: {"ada":"2","bob":"0"}',
      'lag 0, applied 4',
    ]);
  });
});
