/**
 * Events per second over a sliding window, kept in a ring of fixed buckets (no per-event memory): the
 * one rate meter of the recorder (events written) and the live layer (entries read, sampled tails).
 */
export class RateMeter {
  private readonly counts: number[];
  /** The bucket index (time / bucketMs) each slot holds; -1 for none yet. */
  private readonly indexes: number[];
  private readonly bucketMs: number;

  constructor(
    private readonly windowMs = 1_000,
    private readonly buckets = 10,
  ) {
    this.bucketMs = windowMs / buckets;
    // one slot more than the window: the current, partial bucket beside `buckets` complete ones
    this.counts = new Array<number>(buckets + 1).fill(0);
    this.indexes = new Array<number>(buckets + 1).fill(-1);
  }

  add(count: number, now = Date.now()): void {
    const index = Math.floor(now / this.bucketMs);
    const slot = index % this.counts.length;
    if (this.indexes[slot] !== index) {
      this.indexes[slot] = index;
      this.counts[slot] = 0;
    }
    this.counts[slot]! += count;
  }

  /** Over the window ending now, the current (partial) bucket included: reacts at once. */
  perSecond(now = Date.now()): number {
    const current = Math.floor(now / this.bucketMs);
    return this.sum(current - this.buckets + 1, current);
  }

  /** Over the window's complete buckets, the current one left out: steadier, one bucket late. */
  settledPerSecond(now = Date.now()): number {
    const current = Math.floor(now / this.bucketMs);
    return this.sum(current - this.buckets, current - 1);
  }

  private sum(first: number, last: number): number {
    let total = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      const index = this.indexes[slot]!;
      if (index >= first && index <= last) total += this.counts[slot]!;
    }
    return (total * 1_000) / this.windowMs;
  }
}
