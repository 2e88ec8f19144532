import { describe, expect, it } from 'vitest';
import { MetricsSeries, type MetricPoint } from '@/server/contracts/metrics';
import { errorsTone, toSparkSeries } from './spark-series';

const point = (t: string, overrides: Partial<MetricPoint> = {}): MetricPoint => ({
  t,
  count: 0,
  handled: 0,
  failed: 0,
  retried: 0,
  deadLettered: 0,
  p50Ms: null,
  p95Ms: null,
  p99Ms: null,
  meanMs: null,
  maxMs: null,
  lag: null,
  ...overrides,
});

const series = (name: string, points: MetricPoint[]): MetricsSeries =>
  MetricsSeries.parse({
    series: name,
    range: '15m',
    resolution: '10s',
    stepSeconds: 10,
    from: points[0]!.t,
    to: '2025-03-01T12:00:30.000Z',
    points,
    totals: {
      count: 0,
      handled: 0,
      failed: 0,
      retried: 0,
      deadLettered: 0,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
    },
  });

describe('toSparkSeries', () => {
  it('turns one series into per-second lines; of the bucket still filling only its lag (read now)', () => {
    const lines = toSparkSeries([
      series('group:threat.signals/validate', [
        point('2025-03-01T12:00:00.000Z', { count: 490, failed: 2, retried: 8, p95Ms: 17.75, lag: 2 }),
        point('2025-03-01T12:00:10.000Z', { count: 500, deadLettered: 1, p95Ms: 12, lag: 0 }),
        point('2025-03-01T12:00:20.000Z', { count: 3, lag: 40 }), // still filling; lag read now
      ]),
    ]);
    const t0 = Date.parse('2025-03-01T12:00:00.000Z');
    expect(lines.throughput).toEqual([
      { t: t0, value: 49 },
      { t: t0 + 10_000, value: 50 },
    ]);
    expect(lines.errorsPerSec.map((p) => p.value)).toEqual([1, 0]);
    expect(lines.deadLetteredPerSec.map((p) => p.value)).toEqual([0, 0.1]);
    expect(lines.p95Ms.map((p) => p.value)).toEqual([17.75, 12]);
    // the line ends on the lag read at request time, the figure the panel facts show
    expect(lines.lag).toEqual([
      { t: t0, value: 2 },
      { t: t0 + 10_000, value: 0 },
      { t: t0 + 20_000, value: 40 },
    ]);
  });

  it('sums several series step by step; p95 is the highest, lag null only where none reported', () => {
    const lines = toSparkSeries([
      series('group:a/g', [
        point('2025-03-01T12:00:00.000Z', { count: 100, p95Ms: 10, lag: 5 }),
        point('2025-03-01T12:00:10.000Z', { count: 100, p95Ms: null, lag: null }),
        point('2025-03-01T12:00:20.000Z'),
      ]),
      series('group:b/g', [
        point('2025-03-01T12:00:00.000Z', { count: 50, p95Ms: 30, lag: 1 }),
        point('2025-03-01T12:00:10.000Z', { count: 0, p95Ms: null, lag: null }),
        point('2025-03-01T12:00:20.000Z'),
      ]),
    ]);
    expect(lines.throughput.map((p) => p.value)).toEqual([15, 10]);
    expect(lines.p95Ms.map((p) => p.value)).toEqual([30, null]);
    expect(lines.lag.map((p) => p.value)).toEqual([6, null, null]);
  });

  it('is empty without series', () => {
    expect(toSparkSeries([]).throughput).toEqual([]);
  });
});

describe('errorsTone', () => {
  const line = (...values: number[]) => values.map((value, i) => ({ t: i * 10_000, value }));
  it('colours the errors line by the error rate over the window', () => {
    expect(errorsTone({ throughput: line(50, 50), errorsPerSec: line(0, 0) })).toBe('neutral');
    expect(errorsTone({ throughput: line(50, 50), errorsPerSec: line(1, 1) })).toBe('neutral'); // 2 %
    expect(errorsTone({ throughput: line(45, 45), errorsPerSec: line(5, 5) })).toBe('degraded'); // 10 %
    expect(errorsTone({ throughput: line(10, 10), errorsPerSec: line(10, 20) })).toBe('failing'); // 60 %
    expect(errorsTone({ throughput: [], errorsPerSec: [] })).toBe('neutral');
  });
});
