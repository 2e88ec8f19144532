import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redisAnswers } from './bus/connection';
import { loadEnv } from './env';
import { createLogger } from './log';
import { resolveRedis, type RedisTarget } from './redis-target';

const log = createLogger('silent');
const NOTHING_THERE = 'redis://127.0.0.1:1';

describe('resolveRedis', () => {
  let target: RedisTarget | null = null;
  let dataDir: string | null = null;
  afterEach(async () => {
    await target?.local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    target = null;
    dataDir = null;
  });

  it('uses REDIS_URL when set', async () => {
    target = await resolveRedis(loadEnv({ REDIS_URL: 'redis://example:6390' }), log);
    expect(target).toEqual({ url: 'redis://example:6390', local: null });
  });

  it('outside demo mode keeps the default even when nothing answers', async () => {
    target = await resolveRedis(loadEnv({}), log, NOTHING_THERE);
    expect(target).toEqual({ url: NOTHING_THERE, local: null });
  });

  it('in demo mode starts a private redis-server with its data under the data dir', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'eventlens-demo-'));
    target = await resolveRedis(
      loadEnv({ EVENTLENS_DEMO: '1', EVENTLENS_DATA_DIR: dataDir }),
      log,
      NOTHING_THERE,
    );
    expect(target.local).not.toBeNull();
    expect(target.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await redisAnswers(target.url)).toBe(true);
    await target.local!.stop();
    expect(await redisAnswers(target.url)).toBe(false);
  });
});
