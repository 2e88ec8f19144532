import { afterEach, expect, it } from 'vitest';
import { deletePrefix, TEST_REDIS_URL, testRedis, uniquePrefix } from '@/server/testing/redis';
import { streamProcessing } from './stream-processing';

const prefix = uniquePrefix('example');

afterEach(async () => {
  const redis = await testRedis();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** The README's stream-processing example runs as a test, so the documentation cannot rot. */
it('stream processing example', async () => {
  expect(await streamProcessing(TEST_REDIS_URL, prefix)).toEqual([
    'alert for card-1: 3 tiny payments',
    'big payment: 15000 cents',
    'revenue 12:00:00 r1: 152',
    'revenue 12:00:00 r2: 162',
  ]);
});
