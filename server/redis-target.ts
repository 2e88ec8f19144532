import { join } from 'node:path';
import { DEFAULT_REDIS_URL, redisAnswers } from './bus/connection';
import { startLocalRedis, type LocalRedis } from './demo/redis-server';
import type { Env } from './env';
import type { Logger } from './log';

export interface RedisTarget {
  url: string;
  /** Set when demo mode started a private redis-server that must be stopped on exit. */
  local: LocalRedis | null;
}

/**
 * REDIS_URL wins; otherwise 127.0.0.1:6379. In demo mode, when nothing answers there, start a private
 * redis-server from PATH with its data under `<data dir>/redis`.
 */
export async function resolveRedis(
  env: Env,
  log: Logger,
  defaultUrl = DEFAULT_REDIS_URL,
): Promise<RedisTarget> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, local: null };
  if (!env.EVENTLENS_DEMO || (await redisAnswers(defaultUrl))) return { url: defaultUrl, local: null };
  const local = await startLocalRedis({ dataDir: join(env.EVENTLENS_DATA_DIR, 'redis') });
  log.info(
    { url: local.url, pid: local.pid },
    'nothing answered on 127.0.0.1:6379; started a private redis-server',
  );
  return { url: local.url, local };
}
