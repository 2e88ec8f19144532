/** Helpers for recorder tests: a fast-polling recorder on a test prefix, and raw SQL on either store. */
import type { Redis } from 'ioredis';
import type { Store } from '@/db/client';
import { createKeys } from '@/server/bus';
import { startRecorder, type Recorder, type RecorderSettings } from '@/server/recorder';

/** Streams of the test: the prefix's own keys and foreign streams named `<prefix>-...`. */
export function startTestRecorder(
  redis: Redis,
  store: Store,
  prefix: string,
  options: RecorderSettings = {},
): Recorder {
  return startRecorder({
    redis,
    store,
    keys: createKeys(prefix),
    options: {
      streams: `${prefix}*`,
      blockMs: 100,
      discoverEveryMs: 200,
      scanEveryMs: 200,
      statusEveryMs: 200,
      claimEveryMs: 500,
      maxBackoffMs: 1_000,
      maintenanceEveryMs: 3_600_000,
      ...options,
    },
  });
}

/** Raw SQL on either store. */
export async function sql<T extends object = Record<string, unknown>>(
  store: Store,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (store.pg) return (await store.pg.unsafe(text, params as never[])) as unknown as T[];
  return (await store.pglite!.query<T>(text, params)).rows;
}

export async function count(store: Store, text: string, params: unknown[] = []): Promise<number> {
  const [row] = await sql<{ n: number | string }>(store, text, params);
  return Number(row?.n ?? 0);
}

/** Deletes the test's foreign streams (`<prefix>-*`; deletePrefix covers `<prefix>:*`). */
export async function deleteForeign(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}-*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Pending entries of the recorder group over the given streams (a stream without the group counts 0). */
export async function pendingCount(
  redis: Redis,
  streams: readonly string[],
  group = 'eventlens-recorder',
): Promise<number> {
  let total = 0;
  for (const stream of streams) {
    try {
      const [n] = (await redis.xpending(stream, group)) as [number, ...unknown[]];
      total += Number(n);
    } catch (error) {
      if (!/NOGROUP/.test((error as Error).message)) throw error;
    }
  }
  return total;
}
