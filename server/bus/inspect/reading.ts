import type { Redis } from 'ioredis';
import { redisCause } from '../connection-cause';
import { BusUnavailableError } from '../errors';

type Results = [Error | null, unknown][] | null;

/**
 * Runs a read on `redis`, turning a failure into BusUnavailableError (HTTP 503, CLI exit 3) that names
 * the socket's real error rather than ioredis' generic one.
 */
export async function reading<T>(redis: Redis, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BusUnavailableError) throw error;
    const reason = redisCause(error, redis);
    throw new BusUnavailableError(`${what}: ${reason}`, { cause: error });
  }
}

/** A pipeline's per-command [error, reply] pairs; ioredis types `exec()` as nullable. */
export async function exec(pipeline: ReturnType<Redis['pipeline']>): Promise<[Error | null, unknown][]> {
  return ((await pipeline.exec()) as Results) ?? [];
}
