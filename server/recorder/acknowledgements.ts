/**
 * XACK after the commit, never before: an entry acked and not stored would be lost. A failed ack is kept
 * and retried on the reader's next round; re-recording those entries meanwhile is harmless (writes are
 * idempotent), losing their ack only delays it, so what is kept is bounded and the oldest goes first.
 */
import type { RecorderContext } from './context';
import type { StreamState } from './streams';
import { releaseBatch, type WorkBatch } from './work-batch';

interface AckItem {
  stream: StreamState;
  ids: string[];
}

/** Entry ids kept for a later ack, at most. */
const MAX_UNACKED_IDS = 100_000;

export class Acknowledgements {
  private unacked: AckItem[] = [];

  constructor(private readonly ctx: Pick<RecorderContext, 'redis' | 'group' | 'errors'>) {}

  /** Acks a committed batch; its entries are released either way (a failed ack leaves them pending to be claimed). */
  async ackBatch(batch: WorkBatch): Promise<void> {
    const items = [...batch.acks].map(([stream, ids]) => ({ stream, ids }));
    try {
      await this.xack(items);
    } catch (error) {
      this.ctx.errors.record('ack', error, { entries: batch.entries });
      this.keepForRetry(items);
    } finally {
      releaseBatch(batch);
    }
  }

  async retryFailed(): Promise<void> {
    if (this.unacked.length === 0) return;
    const items = this.unacked;
    this.unacked = [];
    try {
      await this.xack(items);
    } catch (error) {
      this.unacked.unshift(...items);
      this.ctx.errors.record('ack', error);
    }
  }

  private keepForRetry(items: readonly AckItem[]): void {
    this.unacked.push(...items);
    let held = this.unacked.reduce((n, u) => n + u.ids.length, 0);
    while (held > MAX_UNACKED_IDS && this.unacked.length > 0) held -= this.unacked.shift()!.ids.length;
  }

  private async xack(items: readonly AckItem[]): Promise<void> {
    const pipeline = this.ctx.redis.pipeline();
    for (const { stream, ids } of items) pipeline.xack(stream.key, this.ctx.group, ...ids);
    const results = await pipeline.exec();
    if (!results) throw new Error('ack pipeline discarded');
    // a per-stream error (the stream was deleted meanwhile) leaves nothing to ack there
    const failed = results.find(([error]) => error && !/NOGROUP/.test(error.message));
    if (failed?.[0]) throw failed[0];
  }
}
