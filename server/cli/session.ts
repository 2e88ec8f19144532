/** Env, connection and bus for one command; everything is closed when the command ends. */
import type { Redis } from 'ioredis';
import { createBus, DEFAULT_REDIS_URL, isConnectionError, type Bus } from '@/server/bus';
import { loadEnv } from '@/server/env';
import { connectRedis, duplicateConnection, redactUrl } from './connect';
import { messageOf, RedisUnreachableError } from './errors';

export interface Session {
  bus: Bus;
  redis: Redis;
  /** The Redis URL without its password, for messages. */
  url: string;
  /** Another connection (for blocking reads); closed with the session. */
  duplicate(): Promise<Redis>;
}

export const CLI_SERVICE = 'eventlens-cli';

/** Runs `command` with a connected bus. Env errors throw EnvError (exit 2), no Redis RedisUnreachableError (3). */
export async function withBus<T>(command: (session: Session) => Promise<T>): Promise<T> {
  const env = loadEnv();
  const rawUrl = env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const url = redactUrl(rawUrl);
  const redis = await connectRedis(rawUrl);
  const extra: Redis[] = [];
  const bus = createBus({ redis, service: CLI_SERVICE, prefix: env.EVENTLENS_PREFIX, telemetry: false });
  try {
    return await command({
      bus,
      redis,
      url,
      duplicate: async () => {
        const connection = await duplicateConnection(redis, rawUrl);
        extra.push(connection);
        return connection;
      },
    });
  } catch (error) {
    if (isConnectionError(error))
      throw new RedisUnreachableError(url, `connection lost: ${messageOf(error)}`);
    throw error;
  } finally {
    await bus.close({ timeoutMs: 1_000 }).catch(() => undefined);
    for (const connection of [...extra, redis]) {
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
      else if (connection.status !== 'end') connection.disconnect();
    }
  }
}
