import type { Tone } from '@/components/ui/tone';
import type { MetricsSeries } from '@/server/contracts/metrics';
import { DEGRADED_ERROR_RATE, FAILING_ERROR_RATE } from '@/server/contracts/topology';

export interface SparkPoint {
  /** Epoch ms of the step's start. */
  t: number;
  value: number | null;
}

/** The four lines of a details panel, one point per complete 10 s step. */
export interface SparkSeries {
  /** Events per second: published (topic series) or handled (group series). */
  throughput: SparkPoint[];
  /** Handling latency p95, ms; over several series the highest (an upper bound of the combined p95). */
  p95Ms: SparkPoint[];
  /** Entries behind, summed; null where nothing reported lag. */
  lag: SparkPoint[];
  /** Failed handler attempts (failed + retried) per second. */
  errorsPerSec: SparkPoint[];
  /** Dead-lettered per second. */
  deadLetteredPerSec: SparkPoint[];
}

const sumNullable = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : a + b;
const maxNullable = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

/**
 * Sums several series of the same range point by point (a group reading two topics, a service
 * publishing to three). The last point of a series is the bucket still filling: its counts are left
 * out, so those lines do not dip at their end on every refresh; its lag stays, as a group's series
 * holds there the lag Redis reported at request time (the lag model's figure).
 */
export function toSparkSeries(series: readonly MetricsSeries[]): SparkSeries {
  const steps = new Map<number, { count: number; errors: number; dead: number; p95: number | null }>();
  const lags = new Map<number, number | null>();
  let stepSeconds = 10;
  for (const s of series) {
    stepSeconds = s.stepSeconds;
    s.points.forEach((point, i) => {
      const t = Date.parse(point.t);
      lags.set(t, sumNullable(lags.get(t) ?? null, point.lag));
      if (i === s.points.length - 1) return;
      const step = steps.get(t) ?? { count: 0, errors: 0, dead: 0, p95: null };
      step.count += point.count;
      step.errors += point.failed + point.retried;
      step.dead += point.deadLettered;
      step.p95 = maxNullable(step.p95, point.p95Ms);
      steps.set(t, step);
    });
  }
  const ordered = [...steps.entries()].sort(([a], [b]) => a - b);
  const perSec = (n: number) => Math.round((n / stepSeconds) * 100) / 100;
  return {
    throughput: ordered.map(([t, s]) => ({ t, value: perSec(s.count) })),
    p95Ms: ordered.map(([t, s]) => ({ t, value: s.p95 })),
    lag: [...lags.entries()].sort(([a], [b]) => a - b).map(([t, value]) => ({ t, value })),
    errorsPerSec: ordered.map(([t, s]) => ({ t, value: perSec(s.errors) })),
    deadLetteredPerSec: ordered.map(([t, s]) => ({ t, value: perSec(s.dead) })),
  };
}

/**
 * The errors line's colour, by the same thresholds as the graph's edges: failed attempts over all
 * attempts across the window (handled plus failed), degraded from 5 %, failing from 50 %.
 */
export function errorsTone(lines: Pick<SparkSeries, 'throughput' | 'errorsPerSec'>): Tone {
  const sum = (points: readonly SparkPoint[]) => points.reduce((total, p) => total + (p.value ?? 0), 0);
  const errors = sum(lines.errorsPerSec);
  const attempts = sum(lines.throughput) + errors;
  if (attempts === 0 || errors === 0) return 'neutral';
  const rate = errors / attempts;
  return rate >= FAILING_ERROR_RATE ? 'failing' : rate >= DEGRADED_ERROR_RATE ? 'degraded' : 'neutral';
}
