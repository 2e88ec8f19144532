import { afterEach, describe, expect, it } from 'vitest';
import { deletePrefix, TEST_REDIS_URL, testRedis, uniquePrefix } from '@/server/testing/redis';
import { quickstart } from './quickstart';
import { requestReply } from './request-reply';

/** The README's examples run as tests, so the documentation cannot rot. */
describe('README examples', () => {
  const prefixes: string[] = [];
  afterEach(async () => {
    const redis = await testRedis();
    for (const prefix of prefixes.splice(0)) await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('quickstart', async () => {
    const prefix = uniquePrefix('example');
    prefixes.push(prefix);
    expect(await quickstart(TEST_REDIS_URL, prefix)).toEqual([
      'dead letter poison: negative total',
      'shipped o-1 (attempt 1)',
      'shipped o-2 (attempt 2)',
    ]);
  });

  it('request-reply with schema versions', async () => {
    const prefix = uniquePrefix('example');
    prefixes.push(prefix);
    expect(await requestReply(TEST_REDIS_URL, prefix)).toEqual([
      'v2 quote: {"price":28.5}',
      'v1 quote (upcast to v2): {"price":9.5}',
      'timeout: no reply on "nobody-listens" within 200 ms',
    ]);
  });
});
