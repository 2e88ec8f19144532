import { afterEach, expect, it } from 'vitest';
import { deletePrefix, TEST_REDIS_URL, testRedis, uniquePrefix } from '@/server/testing/redis';
import { aggregates } from './aggregates';

/** The README's aggregates example runs as a test, so the documentation cannot rot. */
const prefixes: string[] = [];
afterEach(async () => {
  const redis = await testRedis();
  for (const prefix of prefixes.splice(0)) await deletePrefix(redis, prefix);
  redis.disconnect();
});

it('README example: aggregates', async () => {
  const prefix = uniquePrefix('example');
  prefixes.push(prefix);
  expect(await aggregates(TEST_REDIS_URL, prefix)).toEqual([
    'version 3, balance 70',
    'invalid: amount',
    'conflict: at 4, not 3',
    '4 events on the account topic',
  ]);
});
