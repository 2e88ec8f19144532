import { LATENCY_BUCKETS_MS } from '@/db/schema';

/** Adds histogram `b` into `a` (bucket by bucket; the longer one decides the length). */
export function addBuckets(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < b.length; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return a;
}

export function bucketTotal(buckets: readonly number[]): number {
  return buckets.reduce((sum, n) => sum + n, 0);
}

/**
 * Estimates the q-quantile (0..1) of latencies counted in LATENCY_BUCKETS_MS buckets, interpolating
 * linearly inside the bucket that holds the rank. The overflow bucket (above the last bound) reaches
 * up to `maxMs` when known. Null when the histogram is empty.
 */
export function percentile(
  buckets: readonly number[],
  q: number,
  maxMs: number | null = null,
  bounds: readonly number[] = LATENCY_BUCKETS_MS,
): number | null {
  const total = bucketTotal(buckets);
  if (total <= 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let before = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = buckets[i] ?? 0;
    if (count <= 0) continue;
    if (before + count >= rank) {
      const lower = i === 0 ? 0 : (bounds[i - 1] ?? bounds[bounds.length - 1] ?? 0);
      const bound = bounds[i];
      const upper = bound ?? (maxMs !== null && maxMs > lower ? maxMs : lower);
      const estimate = lower + ((upper - lower) * (rank - before)) / count;
      const clamped = maxMs !== null && maxMs > 0 ? Math.min(estimate, maxMs) : estimate;
      return Math.round(clamped * 100) / 100;
    }
    before += count;
  }
  return null;
}
