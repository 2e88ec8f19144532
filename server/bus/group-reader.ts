import type { Redis } from 'ioredis';
import type { Delivery } from './delivery-types';
import type { Keys } from './keys';
import { lanesOf, laneStream, type LaneRef } from './lanes';

type EntryReply = [string, [string, string[] | null][]][] | null;

export interface GroupReaderDeps {
  /** The consumer's own connection: blocking reads must not hold up other commands. */
  reader: Redis;
  keys: Keys;
  group: string;
  consumer: string;
  batchSize: number;
  blockMs: number;
  /** How many entries may be read now, with `dispatching` entries about to take slots. */
  allowance: (wanted: number, dispatching: number) => number;
  /** Promises slots to a read in flight (0 when none is). */
  reserve: (slots: number) => void;
}

/** Reads a consumer's entries from its group: its own pending ones after a restart, then new ones. */
export class GroupReader {
  private ahead: { reply: Promise<EntryReply>; count: number } | null = null;

  constructor(private readonly d: GroupReaderDeps) {}

  /** Entries the read-ahead in flight will bring, or null when none is in flight. */
  get aheadCount(): number | null {
    return this.ahead?.count ?? null;
  }

  /** Entries this consumer read but never acked (it restarted under the same name), 100 at a time. */
  async *ownPending(lane: LaneRef): AsyncGenerator<[string, string[] | null][]> {
    let cursor = '0';
    for (;;) {
      const reply = (await this.d.reader.xreadgroup(
        'GROUP',
        this.d.group,
        this.d.consumer,
        'COUNT',
        100,
        'STREAMS',
        laneStream(this.d.keys, this.d.group, lane),
        cursor,
      )) as EntryReply;
      const entries = reply?.[0]?.[1] ?? [];
      if (entries.length === 0) return;
      yield entries;
      cursor = entries[entries.length - 1]![0];
    }
  }

  /**
   * Up to `count` new entries of the topics (blocking up to `blockMs` when there are none), or what
   * the read-ahead brought.
   */
  async readNew(topics: readonly string[], count: number): Promise<Delivery[]> {
    const ahead = this.ahead;
    this.ahead = null;
    let reply: EntryReply;
    try {
      reply = ahead ? await ahead.reply : await this.read(topics, count, this.d.blockMs);
    } finally {
      this.d.reserve(0);
    }
    const deliveries: Delivery[] = [];
    for (const [key, entries] of reply ?? []) {
      const lane = this.laneOf(key, topics);
      if (!lane) continue;
      for (const [entryId, flat] of entries)
        deliveries.push(
          lane.redelivery
            ? { topic: lane.topic, redelivery: true, entryId, flat, attempt: 1 }
            : { topic: lane.topic, entryId, flat, attempt: 1 },
        );
    }
    if (deliveries.length === (ahead?.count ?? count)) this.readAhead(topics, deliveries.length);
    return deliveries;
  }

  /**
   * A full read means more is waiting: ask for the next batch before this one is dispatched, so that
   * Redis prepares it while the handlers run (measured: +10 % consume throughput with no-op
   * handlers). Only within the allowance, counting the batch about to be dispatched, and without
   * BLOCK, so that the reclaimer's commands on this connection never queue behind it.
   */
  private readAhead(topics: readonly string[], dispatching: number): void {
    const count = this.d.allowance(this.d.batchSize, dispatching);
    if (count <= 0) return;
    const reply = this.read(topics, count, null);
    reply.catch(() => undefined); // awaited (and its error handled) by the next readNew
    this.ahead = { reply, count };
    this.d.reserve(count);
  }

  private laneOf(key: string, topics: readonly string[]): LaneRef | null {
    const topic = this.d.keys.topicOf(key);
    if (topic !== null) return { topic };
    for (const candidate of topics)
      if (key === this.d.keys.redelivery(candidate, this.d.group))
        return { topic: candidate, redelivery: true };
    return null;
  }

  /** One XREADGROUP over both lanes of every topic (the redelivery streams are usually empty). */
  private read(topics: readonly string[], count: number, blockMs: number | null): Promise<EntryReply> {
    const keys = lanesOf(topics).map((lane) => laneStream(this.d.keys, this.d.group, lane));
    const ids = keys.map(() => '>');
    const { reader, group, consumer } = this.d;
    const reply =
      blockMs === null
        ? reader.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', ...keys, ...ids)
        : reader.xreadgroup(
            'GROUP',
            group,
            consumer,
            'COUNT',
            count,
            'BLOCK',
            blockMs,
            'STREAMS',
            ...keys,
            ...ids,
          );
    return reply as Promise<EntryReply>;
  }
}
