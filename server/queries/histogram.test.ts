import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS_MS } from '@/db/schema';
import { addBuckets, percentile } from './histogram';

describe('percentile', () => {
  it('is null without samples', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([0, 0, 0], 0.95)).toBeNull();
  });

  it('interpolates inside the bucket holding the rank', () => {
    // 10 samples in (5, 10] ms: the median sits half way through it
    const buckets = [0, 0, 0, 10];
    expect(percentile(buckets, 0.5)).toBe(7.5);
    expect(percentile(buckets, 1)).toBe(10);
    // 90 fast (<= 1 ms) and 10 slow (100..250 ms)
    const mixed = [90, 0, 0, 0, 0, 0, 0, 10];
    expect(percentile(mixed, 0.5)).toBeCloseTo(0.56, 2);
    expect(percentile(mixed, 0.95)).toBe(175);
  });

  it('reaches up to the observed maximum in the overflow bucket and never past it', () => {
    const overflow = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
    overflow[LATENCY_BUCKETS_MS.length] = 4;
    expect(percentile(overflow, 0.5, 30_000)).toBe(20_000);
    expect(percentile(overflow, 0.5, null)).toBe(10_000);
    expect(percentile([0, 0, 0, 10], 0.99, 6)).toBe(6);
  });

  it('adds histograms of different lengths', () => {
    expect(addBuckets([1, 2], [1, 1, 1])).toEqual([2, 3, 1]);
  });
});
