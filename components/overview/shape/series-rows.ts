import type { MetricsSeries } from '@/server/contracts/metrics';

export interface LatencyRow {
  time: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ShapedLatency {
  rows: LatencyRow[];
  /** False when no step had a latency sample: nothing was handled in the range. */
  hasSamples: boolean;
  stepSeconds: number;
  fromMs: number;
  toMs: number;
  totals: { p50: number | null; p95: number | null; p99: number | null };
}

/**
 * Latency percentiles per step from a metrics series. Steps without samples stay null (a gap, not a
 * zero: "nothing measured" is not "instant"); the last step, still filling, is dropped.
 */
export function shapeLatency(series: MetricsSeries): ShapedLatency {
  const points = series.points.slice(0, -1);
  const rows = points.map((point) => ({
    time: Date.parse(point.t),
    p50: point.p50Ms,
    p95: point.p95Ms,
    p99: point.p99Ms,
  }));
  return {
    rows,
    hasSamples: rows.some((row) => row.p50 !== null),
    stepSeconds: series.stepSeconds,
    fromMs: rows[0]?.time ?? Date.parse(series.from),
    toMs: rows.at(-1)?.time ?? Date.parse(series.to),
    totals: { p50: series.totals.p50Ms, p95: series.totals.p95Ms, p99: series.totals.p99Ms },
  };
}
