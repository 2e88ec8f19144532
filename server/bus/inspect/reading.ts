import type { Redis } from 'ioredis';
import { BusUnavailableError } from '../errors';

type Results = [Error | null, unknown][] | null;

/** Runs a read, turning a connection failure into BusUnavailableError (HTTP 503, CLI exit 3). */
export async function reading<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BusUnavailableError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BusUnavailableError(`${what}: ${reason}`, { cause: error });
  }
}

/** A pipeline's per-command [error, reply] pairs; ioredis types `exec()` as nullable. */
export async function exec(pipeline: ReturnType<Redis['pipeline']>): Promise<[Error | null, unknown][]> {
  return ((await pipeline.exec()) as Results) ?? [];
}
