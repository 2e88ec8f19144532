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

  it('never grants more than the rate in any 1-s window, and keeps within 5 % of it', () => {
    for (const rate of [20, 100, 500]) {
      const bucket = new TokenBucket(rate, 0);
      const grants: number[] = [];
      // a runner as server/replays runs it: takes what it may, works for a few ms, or sleeps until a
      // token is due; with a 2-s stall in the middle
      let stalled = false;
      for (let t = 0; t <= 20_000;) {
        const due = bucket.waitMs(t, bucket.burst);
        if (due > 0) {
          t += Math.max(5, due);
          continue;
        }
        for (let n = bucket.take(200, t); n > 0; n--) grants.push(t);
        if (!stalled && t > 8_000) {
          stalled = true;
          t += 2_000;
        } else t += 3 + (t % 11);
      }
      let start = 0;
      for (let end = 0; end < grants.length; end++) {
        while (grants[end]! - grants[start]! >= 1_000) start++;
        expect(end - start + 1).toBeLessThanOrEqual(rate);
      }
      expect(grants.length).toBeGreaterThanOrEqual(rate * 20 * 0.95 - rate * 2); // less the stall
    }
  });

  it('waits for a token at the refill rate, and banks one letter at a slow rate', () => {
    const bucket = new TokenBucket(100, 0);
    expect(bucket.take(100, 0)).toBe(0);
    expect(bucket.take(100, 60_000)).toBe(5); // a long pause is not a burst
    expect(bucket.waitMs(60_000)).toBe(11);
    bucket.setRate(10, 60_000);
    expect(bucket.take(100, 70_000)).toBe(1);
  });
});
