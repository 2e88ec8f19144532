import type { Redis } from 'ioredis';
import type { Keys } from './keys';
import { laneFailures, laneStream, type LaneRef } from './lanes';

/**
 * Told once per ack whether it landed: true when acked, false when refused (the entry is now another
 * consumer's, or gone). `note` is what the caller attached to the ack.
 */
export type AckSettled<Note> = (topic: string, entryId: string, note: Note, acked: boolean) => void;

const RETRY_FAILED_FLUSH_MS = 500;

interface Queue<Note> {
  lane: LaneRef;
  ids: string[];
  notes: Note[];
}

/**
 * Batches owner-checked acks per stream (each topic's stream, and the group's redelivery stream of it): one script call acks up to `maxBatch` entries. Sends a batch
 * when it is full, else on the next macrotask, so a lone ack waits well under a millisecond. One
 * `settled` callback for the whole batcher and a small note per ack, not a closure per ack: what
 * waits for the reply is an id and a note, never the event (measured: closures that held the decoded
 * event kept ~1,000 events alive per round trip and doubled the consumer's GC time). When Redis is
 * away the acks wait and are retried.
 */
export class AckBatcher<Note> {
  private readonly queues = new Map<string, Queue<Note>>();
  private scheduled = false;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly group: string,
    private readonly consumer: string,
    /** An upper bound of this consumer's pending entries: what the ack script may have to scan. */
    private readonly scanMax: () => number,
    private readonly settled: AckSettled<Note>,
    private readonly maxBatch = 500,
  ) {}

  /** `redelivery`: the entry came from the group's redelivery stream of the topic. */
  ack(topic: string, entryId: string, note: Note, redelivery = false): void {
    const queueKey = redelivery ? `${topic}\u0000r` : topic;
    let queue = this.queues.get(queueKey);
    if (!queue) {
      queue = { lane: redelivery ? { topic, redelivery } : { topic }, ids: [], notes: [] };
      this.queues.set(queueKey, queue);
    }
    queue.ids.push(entryId);
    queue.notes.push(note);
    // a full batch goes at once (measured: Redis acks it while the consumer still dispatches; holding
    // full batches until after the next read was sent cost 8 % of throughput)
    if (queue.ids.length >= this.maxBatch) {
      this.queues.delete(queueKey);
      this.track(this.send(queue));
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushQueued();
    });
  }

  private flushQueued(): void {
    for (const [queueKey, queue] of [...this.queues]) {
      this.queues.delete(queueKey);
      this.track(this.send(queue));
    }
  }

  /** Sends everything queued and waits for every ack in flight. */
  async flush(): Promise<void> {
    this.flushQueued();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async send({ lane, ids, notes }: Queue<Note>): Promise<void> {
    if (ids.length === 0) return;
    let lowest = ids[0]!;
    let highest = ids[0]!;
    for (const id of ids) {
      if (compareIds(id, lowest) < 0) lowest = id;
      else if (compareIds(id, highest) > 0) highest = id;
    }
    let refused: number[];
    try {
      refused = await this.redis.elAck(
        laneStream(this.keys, this.group, lane),
        laneFailures(this.keys, this.group, lane),
        this.group,
        this.consumer,
        lowest,
        highest,
        String(this.scanMax()),
        ...ids,
      );
    } catch {
      // Redis is away: the entries stay pending on this consumer; try again shortly
      setTimeout(() => {
        for (let i = 0; i < ids.length; i++) this.ack(lane.topic, ids[i]!, notes[i]!, lane.redelivery);
      }, RETRY_FAILED_FLUSH_MS).unref();
      return;
    }
    const refusedAt = new Set(refused);
    for (let i = 0; i < ids.length; i++)
      this.settled(lane.topic, ids[i]!, notes[i]!, refusedAt.size === 0 || !refusedAt.has(i + 1));
  }
}

/** Orders stream entry ids (`<ms>-<seq>`) numerically. */
export function compareIds(a: string, b: string): number {
  const ai = a.indexOf('-');
  const bi = b.indexOf('-');
  if (ai !== bi) return ai - bi; // more digits of milliseconds is later
  for (let i = 0; i < ai; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return Number(a.slice(ai + 1)) - Number(b.slice(bi + 1));
}
