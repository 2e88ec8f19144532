import { describe, expect, it } from 'vitest';
import { compressedScale, fitAxisLabels, mergeIntervals } from './compressed-scale';

describe('compressedScale', () => {
  it('is linear when no gap passes the threshold', () => {
    const scale = compressedScale([
      { start: 0, end: 40 },
      { start: 60, end: 100 },
    ]);
    expect(scale.breaks).toEqual([]);
    expect(scale.domain).toEqual([0, 100]);
    expect(scale.x(0)).toBe(0);
    expect(scale.x(50)).toBeCloseTo(0.5);
    expect(scale.x(100)).toBe(1);
  });

  it('draws a long idle gap at a fixed width with a break, keeping busy time proportional', () => {
    // 200 ms of work, a 40 s backoff, 200 ms more
    const scale = compressedScale(
      [
        { start: 0, end: 200 },
        { start: 40_200, end: 40_400 },
      ],
      { gapThresholdMs: 1_000, breakWidth: 0.1 },
    );
    expect(scale.breaks).toHaveLength(1);
    expect(scale.breaks[0]).toMatchObject({ fromMs: 200, toMs: 40_200 });
    expect(scale.breaks[0]!.x1 - scale.breaks[0]!.x0).toBeCloseTo(0.1);
    // each busy span gets half of the remaining 90 %
    expect(scale.x(200)).toBeCloseTo(0.45);
    expect(scale.x(40_200)).toBeCloseTo(0.55);
    expect(scale.x(40_300)).toBeCloseTo(0.775);
    // inside the break, time still moves forward
    expect(scale.x(20_200)).toBeCloseTo(0.5);
  });

  it('is monotonic and clamps outside the domain', () => {
    const scale = compressedScale(
      [
        { start: 10, end: 20 },
        { start: 5_000, end: 5_010 },
        { start: 9_000_000, end: 9_000_100 },
        { start: 15, end: 30 },
      ],
      { gapThresholdMs: 100 },
    );
    expect(scale.breaks).toHaveLength(2);
    let previous = -1;
    for (const ms of [-5, 10, 15, 30, 2_000, 5_000, 5_010, 100_000, 9_000_050, 9_000_100, 1e12]) {
      const x = scale.x(ms);
      expect(x).toBeGreaterThanOrEqual(previous);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
      previous = x;
    }
    expect(scale.x(-5)).toBe(0);
    expect(scale.x(1e12)).toBe(1);
  });

  it('caps all breaks together at half the width', () => {
    const intervals = Array.from({ length: 50 }, (_, i) => ({ start: i * 10_000, end: i * 10_000 + 10 }));
    const scale = compressedScale(intervals, { gapThresholdMs: 100, breakWidth: 0.1 });
    expect(scale.breaks).toHaveLength(49);
    const total = scale.breaks.reduce((sum, b) => sum + (b.x1 - b.x0), 0);
    expect(total).toBeCloseTo(0.5);
  });

  it('spreads points with nothing busy between them across the breaks', () => {
    const scale = compressedScale(
      [
        { start: 0, end: 0 },
        { start: 1_000, end: 1_000 },
        { start: 3_000, end: 3_000 },
      ],
      { gapThresholdMs: 100 },
    );
    expect(scale.x(0)).toBe(0);
    expect(scale.x(1_000)).toBeCloseTo(0.5);
    expect(scale.x(3_000)).toBe(1);
  });

  it('defaults the threshold to the largest of 100 ms, a quarter of the busy time and a twentieth of the span', () => {
    expect(compressedScale([{ start: 0, end: 10 }]).thresholdMs).toBe(100);
    expect(compressedScale([{ start: 0, end: 2_000 }]).thresholdMs).toBe(500);
    const sparse = compressedScale([
      { start: 0, end: 10 },
      { start: 1_000, end: 1_010 },
      { start: 100_000, end: 100_010 },
    ]);
    expect(sparse.thresholdMs).toBeCloseTo(5_000.5);
    // the 1 s gap is not worth a break in a 100 s trace; the 99 s one is
    expect(sparse.breaks.map((b) => b.fromMs)).toEqual([1_010]);
    expect(compressedScale([]).x(5)).toBe(0);
  });

  it('merges overlapping and touching intervals and drops bad ones', () => {
    expect(
      mergeIntervals([
        { start: 5, end: 1 },
        { start: 3, end: 8 },
        { start: 8, end: 9 },
        { start: Number.NaN, end: 2 },
        { start: 20, end: 30 },
      ]),
    ).toEqual([
      { start: 1, end: 9 },
      { start: 20, end: 30 },
    ]);
  });
});

describe('fitAxisLabels', () => {
  it('keeps the labels that fit in the order given and drops the ones that would overlap', () => {
    const measure = () => 40;
    const labels = fitAxisLabels(
      [
        { x: 0, text: 'start', align: 'start' },
        { x: 1, text: 'end', align: 'end' },
        { x: 0.5, text: 'big gap', align: 'middle' },
        { x: 0.55, text: 'small gap', align: 'middle' },
        { x: 0.05, text: 'near start', align: 'middle' },
      ],
      400,
      measure,
    );
    expect(labels.map((l) => l.text)).toEqual(['start', 'big gap', 'end']);
  });
});
