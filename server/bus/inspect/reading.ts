import type { Redis } from 'ioredis';
import { redisCause } from '../connection-cause';
import {
  BusError,
  BusKeyNotFoundError,
  BusUnavailableError,
  BusWrongTypeError,
  isConnectionError,
} from '../errors';

type Results = [Error | null, unknown][] | null;

/** Redis' replies for a key, stream or group that is not there. */
const MISSING = /^(ERR no such key|NOGROUP)/;

/**
 * Runs a read on `redis` and names what went wrong, once, for every edge (HTTP status, CLI exit):
 * - Redis cannot be reached: BusUnavailableError (503, exit 3), naming the socket's real error rather
 *   than ioredis' generic one;
 * - a missing key or group: BusKeyNotFoundError (404);
 * - a key of another type (WRONGTYPE): BusWrongTypeError (409);
 * - anything else is thrown as it is: an unexpected error, a 500 that the route logs.
 */
export async function reading<T>(redis: Redis, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyReadError(redis, what, error);
  }
}

/** The named error for a failed read (see `reading`); exported for per-command pipeline errors. */
export function classifyReadError(redis: Redis, what: string, error: unknown): unknown {
  if (error instanceof BusError) return error;
  if (isConnectionError(error)) {
    return new BusUnavailableError(`${what}: ${redisCause(error, redis)}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('WRONGTYPE')) return new BusWrongTypeError(what, { cause: error });
  if (MISSING.test(message)) return new BusKeyNotFoundError(what, message, { cause: error });
  return error;
}

/** A pipeline's per-command [error, reply] pairs; ioredis types `exec()` as nullable. */
export async function exec(pipeline: ReturnType<Redis['pipeline']>): Promise<[Error | null, unknown][]> {
  return ((await pipeline.exec()) as Results) ?? [];
}

/** Throws a per-command WRONGTYPE: the other per-command errors are each caller's to judge. */
export function throwWrongType(results: readonly [Error | null, unknown][], what: string): void {
  for (const [error] of results) {
    if (error?.message.startsWith('WRONGTYPE')) throw new BusWrongTypeError(what, { cause: error });
  }
}
