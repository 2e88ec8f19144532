import type { Redis } from 'ioredis';
import type { Keys } from './keys';

interface PendingAck {
  entryId: string;
  resolve: (acked: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Batches owner-checked acks per topic: one script call acks up to `maxBatch` entries. Flushes when
 * a batch is full, else on the next macrotask, so a lone ack waits well under a millisecond.
 */
export class AckBatcher {
  private readonly pending = new Map<string, PendingAck[]>();
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly group: string,
    private readonly consumer: string,
    /** An upper bound of this consumer's pending entries: what the ack script may have to scan. */
    private readonly scanMax: () => number,
    private readonly maxBatch = 200,
  ) {}

  /** Resolves true when acked, false when refused (the entry is now another consumer's, or gone). */
  ack(topic: string, entryId: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      let list = this.pending.get(topic);
      if (!list) this.pending.set(topic, (list = []));
      list.push({ entryId, resolve, reject });
      if (list.length >= this.maxBatch) void this.flushTopic(topic);
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((topic) => this.flushTopic(topic)));
  }

  private async flushTopic(topic: string): Promise<void> {
    const batch = this.pending.get(topic);
    if (!batch || batch.length === 0) return;
    this.pending.delete(topic);
    try {
      const ids = batch.map((a) => a.entryId);
      let lowest = ids[0]!;
      let highest = ids[0]!;
      for (const id of ids) {
        if (compareIds(id, lowest) < 0) lowest = id;
        if (compareIds(id, highest) > 0) highest = id;
      }
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
      batch.forEach((a, i) => a.resolve(results[i] === 1));
    } catch (error) {
      for (const a of batch) a.reject(error);
    }
  }
}

/** Orders stream entry ids (`<ms>-<seq>`) numerically. */
export function compareIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  if (am.length !== bm.length) return am.length - bm.length;
  if (am !== bm) return am < bm ? -1 : 1;
  return Number(as) - Number(bs);
}
