/** Events per second over a sliding window, kept in a few fixed buckets (no per-event memory). */
export class RateMeter {
  private readonly buckets: number[];
  private readonly bucketMs: number;
  /** Index (time / bucketMs) of the newest bucket. */
  private newest = 0;
  private total = 0;

  constructor(
    private readonly windowMs = 1_000,
    bucketCount = 10,
  ) {
    this.buckets = new Array<number>(bucketCount).fill(0);
    this.bucketMs = windowMs / bucketCount;
  }

  add(count: number, now = Date.now()): void {
    this.advance(now);
    const slot = this.newest % this.buckets.length;
    this.buckets[slot] = (this.buckets[slot] ?? 0) + count;
    this.total += count;
  }

  /** Events per second over the last window. */
  rate(now = Date.now()): number {
    this.advance(now);
    return (this.total * 1_000) / this.windowMs;
  }

  private advance(now: number): void {
    const index = Math.floor(now / this.bucketMs);
    if (index <= this.newest) return;
    const clear = Math.min(index - this.newest, this.buckets.length);
    for (let i = 1; i <= clear; i++) {
      const slot = (this.newest + i) % this.buckets.length;
      this.total -= this.buckets[slot] ?? 0;
      this.buckets[slot] = 0;
    }
    this.newest = index;
  }
}
