import { describe, expect, it } from 'vitest';
import { estimateSeconds, nextRate, TokenBucket } from './replays-pace';

describe('replay pacing', () => {
  it('climbs 1, 2, 5, 10, 20, 50 … and stops at the cap', () => {
    const steps = [1];
    while (steps.at(-1)! < 500) steps.push(nextRate(steps.at(-1)!, 500));
    expect(steps).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500]);
    expect(nextRate(20, 30)).toBe(30);
    expect(nextRate(30, 30)).toBe(30);
    expect(nextRate(3, 1000)).toBe(5);
  });

  it('estimates the time up the ramp, then at the cap', () => {
    expect(estimateSeconds(100, 100, 100)).toBe(1);
    // 1/s for 3 s, 2/s for 3 s (9 letters), then 5/s for the last 1
    expect(estimateSeconds(10, 1, 5, 3_000)).toBeCloseTo(6.2);
    expect(estimateSeconds(0, 1, 5)).toBe(0);
  });

  it('grants no more than the rate, banking at most a tenth of a second', () => {
    const bucket = new TokenBucket(100, 0);
    expect(bucket.take(100, 0)).toBe(0);
    expect(bucket.take(100, 50)).toBe(5);
    expect(bucket.take(100, 60_000)).toBe(10); // a long pause is not a burst
    // in any one second, never more than the rate (plus what was banked before it)
    let granted = 0;
    for (let t = 60_000; t <= 61_000; t += 7) granted += bucket.take(1_000, t);
    expect(granted).toBeLessThanOrEqual(100);
    bucket.setRate(10, 61_000);
    expect(bucket.take(100, 62_000)).toBe(1); // a slow rate banks one letter
    bucket.setRate(100, 62_000);
    expect(bucket.take(100, 62_100)).toBe(10);
    expect(bucket.waitMs(62_100)).toBe(10);
  });
});
