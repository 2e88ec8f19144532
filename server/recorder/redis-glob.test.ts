import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, testRedis, uniquePrefix } from '@/server/testing/redis';
import { compileRedisGlob } from './redis-glob';
import { escapeGlob } from './streams';

const KEYS = [
  'orders',
  'orders-eu',
  'orders-us',
  'order',
  'ordersx',
  'Orders-eu',
  'audit',
  'a',
  'ab',
  'abc',
  'a*c',
  'a?c',
  'a[c',
  'a-c',
  'b1',
  'b9',
  'bz',
  'x.y.z',
  '',
];

const PATTERNS = [
  '*',
  'orders*',
  'orders-*',
  '*-eu',
  'o*s*',
  'a?c',
  '?',
  '??',
  '[ab]*',
  '[^a]*',
  'b[0-9]',
  'b[9-0]',
  'b[^0-9]',
  'a\\*c',
  'a\\?c',
  'a[\\[]c',
  '[Oo]rders-??',
  '*.*.*',
  'a*b*c',
];

describe('Redis globs for notified keys', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('glob');
    const pipeline = redis.pipeline();
    for (const key of KEYS) pipeline.set(`${prefix}:${key}`, '1');
    await pipeline.exec();
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  async function scanMatch(pattern: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${escapeGlob(prefix)}:${pattern}`,
        'COUNT',
        1000,
      );
      found.push(...keys.map((k) => k.slice(prefix.length + 1)));
      cursor = next;
    } while (cursor !== '0');
    return found.sort();
  }

  it.each(PATTERNS)('keeps exactly what SCAN MATCH %s finds', async (pattern) => {
    const test = compileRedisGlob(pattern);
    expect(KEYS.filter((key) => test(key)).sort()).toEqual(await scanMatch(pattern));
  });

  it('answers a pattern of many stars and classes on a long key', () => {
    const long = `${'a'.repeat(100_000)}x`;
    expect(compileRedisGlob(`${'*[ab]'.repeat(40)}*x`)(long)).toBe(true);
    expect(compileRedisGlob(`${'*a?'.repeat(40)}*[^a]b`)(long)).toBe(false);
  });
});
