import type { Redis } from 'ioredis';
import type { Keys } from './keys';

/** Called with true when acked, false when refused (the entry is now another consumer's, or gone). */
export type AckCallback = (acked: boolean) => void;

const RETRY_FAILED_FLUSH_MS = 500;

/**
 * Batches owner-checked acks per topic: one script call acks up to `maxBatch` entries. Flushes when a
 * batch is full, else on the next macrotask, so a lone ack waits well under a millisecond. Callbacks,
 * not promises: this runs once per delivery. When Redis is away the acks wait and are retried.
 */
export class AckBatcher {
  private readonly ids = new Map<string, string[]>();
  private readonly callbacks = new Map<string, AckCallback[]>();
  private scheduled = false;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly group: string,
    private readonly consumer: string,
    /** An upper bound of this consumer's pending entries: what the ack script may have to scan. */
    private readonly scanMax: () => number,
    private readonly maxBatch = 500,
  ) {}

  ack(topic: string, entryId: string, done: AckCallback): void {
    let ids = this.ids.get(topic);
    if (!ids) {
      ids = [];
      this.ids.set(topic, ids);
      this.callbacks.set(topic, []);
    }
    ids.push(entryId);
    this.callbacks.get(topic)!.push(done);
    if (ids.length >= this.maxBatch) this.track(this.flushTopic(topic));
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        for (const t of [...this.ids.keys()]) this.track(this.flushTopic(t));
      });
    }
  }

  /** Sends everything queued and waits for every ack in flight. */
  async flush(): Promise<void> {
    for (const topic of [...this.ids.keys()]) this.track(this.flushTopic(topic));
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async flushTopic(topic: string): Promise<void> {
    const ids = this.ids.get(topic);
    const callbacks = this.callbacks.get(topic);
    if (!ids || !callbacks || ids.length === 0) return;
    this.ids.delete(topic);
    this.callbacks.delete(topic);
    let lowest = ids[0]!;
    let highest = ids[0]!;
    for (const id of ids) {
      if (compareIds(id, lowest) < 0) lowest = id;
      if (compareIds(id, highest) > 0) highest = id;
    }
    try {
      const results = await this.redis.elAck(
        this.keys.stream(topic),
        this.keys.failures(topic, this.group),
        this.group,
        this.consumer,
        lowest,
        highest,
        String(this.scanMax()),
        ...ids,
      );
      for (let i = 0; i < callbacks.length; i++) callbacks[i]!(results[i] === 1);
    } catch {
      // Redis is away: the entries stay pending on this consumer; try again shortly
      setTimeout(() => {
        for (let i = 0; i < ids.length; i++) this.ack(topic, ids[i]!, callbacks[i]!);
      }, RETRY_FAILED_FLUSH_MS).unref();
    }
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
