import { describe, expect, it } from 'vitest';
import { describeTrend, sparklineShape, summarizeTrend, trendPoints } from './lag-trend';

describe('trendPoints', () => {
  it('dates each bucket from the response start and step', () => {
    expect(trendPoints('2026-11-22T15:17:50.000Z', 10, [null, 4, 2])).toEqual([
      { t: Date.parse('2026-11-22T15:17:50.000Z'), lag: null },
      { t: Date.parse('2026-11-22T15:18:00.000Z'), lag: 4 },
      { t: Date.parse('2026-11-22T15:18:10.000Z'), lag: 2 },
    ]);
  });
});

describe('summarizeTrend', () => {
  it('summarizes the samples and skips the gaps', () => {
    const summary = summarizeTrend([null, 12, null, 480, 300, 482]);
    expect(summary).toEqual({ samples: 4, min: 12, max: 482, last: 482, change: 470 });
    expect(describeTrend(summary, 15)).toBe('Lag over 15 min: 12 to 482, now 482');
  });

  it('says so when nothing or one steady value was sampled', () => {
    const none = summarizeTrend([null, null]);
    expect(none).toEqual({ samples: 0, min: null, max: null, last: null, change: null });
    expect(describeTrend(none, 15)).toBe('No lag recorded in the last 15 min');
    expect(describeTrend(summarizeTrend([0, 0, 0]), 15)).toBe('Lag over 15 min: steady at 0');
  });

  it('writes large lags with separators, as the table does', () => {
    expect(describeTrend(summarizeTrend([12_000, 123_456]), 15)).toBe(
      'Lag over 15 min: 12,000 to 123,456, now 123,456',
    );
  });
});

describe('sparklineShape', () => {
  const fifteenMinutes = (recent: (number | null)[]): (number | null)[] => [
    ...new Array<null>(90 - recent.length).fill(null),
    ...recent,
  ];

  it('spans the width from the first sample, not 6 of 90 buckets at the right edge', () => {
    const shape = sparklineShape(fifteenMinutes([6, 11, null, 21, 26, 31]))!;
    expect(shape.data.map((d) => d.lag)).toEqual([6, 11, null, 21, 26, 31]);
    expect(shape.data[0]!.i).toBe(0);
  });

  it('scales to the samples, so a lag moving 5,000 to 5,040 is not a flat line', () => {
    expect(sparklineShape(fifteenMinutes([5_000, 5_010, 5_040]))!.domain).toEqual([5_000, 5_040]);
  });

  it('draws a steady lag mid-height, and nothing when nothing was sampled', () => {
    expect(sparklineShape([null, 7, 7])!.domain).toEqual([6, 8]);
    expect(sparklineShape([null, null])).toBeNull();
  });
});
