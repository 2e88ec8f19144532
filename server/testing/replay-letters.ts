/**
 * Dead letters as the SDK leaves them, for replay tests: an entry in the topic's dead-letter stream
 * (the original event in `raw`) and its recorded row in the store, with the same id.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import { deadLetterFields } from '@/server/bus/dead-letters';
import type { Keys } from '@/server/bus/keys';
import { deadLetterRow } from './store-rows';

export interface SeededLetter {
  id: string;
  eventId: string;
}

export async function seedDeadLetters(
  clients: { db: Db; redis: Redis; keys: Keys },
  topic: string,
  n: number,
  options: { group?: string; fingerprint?: string } = {},
): Promise<SeededLetter[]> {
  const group = options.group ?? 'payers';
  const out: SeededLetter[] = [];
  for (let i = 0; i < n; i++) {
    const eventId = randomUUID();
    const envelope = {
      specversion: '1.0' as const,
      id: eventId,
      source: '/test/replays',
      type: 'payment.requested',
      subject: `order-${i % 3}`,
      correlationid: `corr-${i}`,
      data: { amount: i },
    };
    const fields = { event: JSON.stringify(envelope) };
    const now = Date.now();
    const entryId = await clients.redis.xadd(
      clients.keys.deadLetters(topic),
      '*',
      ...deadLetterFields({
        topic,
        stream: clients.keys.stream(topic),
        entryId: `${now}-${i}`,
        group,
        consumer: 'c1',
        fields,
        envelope,
        failure: {
          attempts: 3,
          firstFailureAt: now,
          lastFailureAt: now,
          error: new Error('card declined'),
          category: 'poison',
        },
      }),
    );
    const id = `${topic}/${entryId!}`;
    await clients.db.insert(deadLetters).values(
      deadLetterRow({
        id,
        topic,
        group,
        entryId: entryId!,
        eventId,
        eventType: envelope.type,
        correlationId: envelope.correlationid,
        fingerprint: options.fingerprint ?? `fp-${topic}`,
        raw: fields,
        lastFailureAt: new Date(now + i),
      }),
    );
    out.push({ id, eventId });
  }
  return out;
}

/** New dead letters of the same events, recorded now (in one insert): what the SDK and recorder write when replays fail again. */
export async function failAgain(db: Db, topic: string, eventIds: string[]): Promise<void> {
  await db
    .insert(deadLetters)
    .values(
      eventIds.map((eventId) =>
        deadLetterRow({ id: `${topic}/again-${randomUUID()}`, topic, group: 'payers', eventId, raw: {} }),
      ),
    );
}
