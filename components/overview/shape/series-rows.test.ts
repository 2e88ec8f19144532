import { describe, expect, it } from 'vitest';
import type { MetricPoint, MetricsSeries } from '@/server/contracts/metrics';
import { shapeLatency } from './series-rows';

const point = (t: string, p: Partial<MetricPoint> = {}): MetricPoint => ({
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
  ...p,
});

const series = (points: MetricPoint[]): MetricsSeries => ({
  series: 'group:threat.signals/validate',
  range: '15m',
  resolution: '10s',
  stepSeconds: 10,
  from: '2025-03-01T12:00:00.000Z',
  to: '2025-03-01T12:00:30.000Z',
  points,
  totals: { count: 0, handled: 0, failed: 0, retried: 0, deadLettered: 0, p50Ms: 3, p95Ms: 12, p99Ms: 40 },
});

describe('shapeLatency', () => {
  it('maps percentiles per step, keeps steps without samples as gaps and drops the filling step', () => {
    const shaped = shapeLatency(
      series([
        point('2025-03-01T12:00:00.000Z', { p50Ms: 2.5, p95Ms: 10, p99Ms: 31 }),
        point('2025-03-01T12:00:10.000Z'),
        point('2025-03-01T12:00:20.000Z', { p50Ms: 99, p95Ms: 99, p99Ms: 99 }),
      ]),
    );
    expect(shaped.rows).toEqual([
      { time: Date.parse('2025-03-01T12:00:00.000Z'), p50: 2.5, p95: 10, p99: 31 },
      { time: Date.parse('2025-03-01T12:00:10.000Z'), p50: null, p95: null, p99: null },
    ]);
    expect(shaped.hasSamples).toBe(true);
    expect(shaped.totals).toEqual({ p50: 3, p95: 12, p99: 40 });
    expect(shaped.toMs).toBe(Date.parse('2025-03-01T12:00:10.000Z'));
  });

  it('has no samples when nothing was handled', () => {
    const shaped = shapeLatency(
      series([point('2025-03-01T12:00:00.000Z'), point('2025-03-01T12:00:10.000Z')]),
    );
    expect(shaped.hasSamples).toBe(false);
  });
});
