/** Dead letters as the SDK and the recorder leave them, in bulk: the Redis entries and their store rows. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import type { Keys } from '@/server/bus';
import { deadLetterFields } from '@/server/bus/dead-letters';
import { deadLetterRow } from '@/server/testing/store-rows';

const CHUNK = 1_000;

/** `count` letters of `topic`/`group` with one fingerprint; resolves with their ids. */
export async function seedLetters(
  clients: { db: Db; redis: Redis; keys: Keys },
  input: { topic: string; group: string; fingerprint: string; count: number },
): Promise<string[]> {
  const { db, redis, keys } = clients;
  const ids: string[] = [];
  for (let start = 0; start < input.count; start += CHUNK) {
    const n = Math.min(CHUNK, input.count - start);
    const now = Date.now();
    const pipeline = redis.pipeline();
    const events = Array.from({ length: n }, (_, i) => ({
      specversion: '1.0' as const,
      id: randomUUID(),
      source: '/bench/replay',
      type: 'bench.replayed',
      time: new Date(now).toISOString(),
      subject: `order-${start + i}`,
      correlationid: randomUUID(),
      data: { n: start + i },
    }));
    for (const envelope of events) {
      pipeline.xadd(
        keys.deadLetters(input.topic),
        '*',
        ...deadLetterFields({
          topic: input.topic,
          stream: keys.stream(input.topic),
          entryId: `${now}-0`,
          group: input.group,
          consumer: 'bench',
          fields: { event: JSON.stringify(envelope) },
          envelope,
          failure: {
            attempts: 5,
            firstFailureAt: now,
            lastFailureAt: now,
            error: new Error('payment gateway unavailable'),
            category: 'transient',
          },
        }),
      );
    }
    const entryIds = ((await pipeline.exec()) ?? []).map(([error, id]) => {
      if (error) throw error;
      return String(id);
    });
    const rows = entryIds.map((entryId, i) =>
      deadLetterRow({
        id: `${input.topic}/${entryId}`,
        topic: input.topic,
        group: input.group,
        entryId,
        eventId: events[i]!.id,
        eventType: events[i]!.type,
        correlationId: events[i]!.correlationid,
        category: 'transient',
        fingerprint: input.fingerprint,
        raw: { event: JSON.stringify(events[i]) },
        lastFailureAt: new Date(now),
      }),
    );
    await db.insert(deadLetters).values(rows);
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}
