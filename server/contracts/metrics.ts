import { z } from 'zod';
import { splitGroupKey, TOPIC_NAME } from './names';
import { queryObject } from './query-params';

export const METRIC_RANGES = ['15m', '1h', '24h', '7d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

/**
 * Per range: the rollup resolution read and the width of one returned point. 15m and 1h read the
 * 10 s rollups point by point; 24h reads 1 min rollups point by point; 7d reads 1 min rollups summed
 * into 10 min points (1,008 points rather than 10,080).
 */
export const RANGE_PLAN: Record<MetricRange, { rangeMs: number; resolution: '10s' | '1m'; stepMs: number }> =
  {
    '15m': { rangeMs: 15 * 60_000, resolution: '10s', stepMs: 10_000 },
    '1h': { rangeMs: 60 * 60_000, resolution: '10s', stepMs: 10_000 },
    '24h': { rangeMs: 24 * 3_600_000, resolution: '1m', stepMs: 60_000 },
    '7d': { rangeMs: 7 * 86_400_000, resolution: '1m', stepMs: 600_000 },
  };

export type SeriesRef =
  { kind: 'all' } | { kind: 'topic'; topic: string } | { kind: 'group'; topic: string; group: string };

const SERIES_HINT = 'expected all, topic:<topic> or group:<topic>/<group>';

export function parseSeries(text: string): SeriesRef | null {
  if (text === 'all') return { kind: 'all' };
  if (text.startsWith('topic:')) {
    const topic = text.slice('topic:'.length);
    return TOPIC_NAME.test(topic) ? { kind: 'topic', topic } : null;
  }
  if (text.startsWith('group:')) {
    const key = splitGroupKey(text.slice('group:'.length));
    return key && key.group.length <= 200 ? { kind: 'group', ...key } : null;
  }
  return null;
}

export function formatSeries(series: SeriesRef): string {
  if (series.kind === 'all') return 'all';
  return series.kind === 'topic' ? `topic:${series.topic}` : `group:${series.topic}/${series.group}`;
}

/** `GET /api/metrics` query. */
export const MetricsQuery = queryObject({
  series: z
    .string({ error: `${SERIES_HINT} (one value)` })
    .default('all')
    .transform((text, ctx) => {
      const series = parseSeries(text);
      if (!series) {
        ctx.addIssue({ code: 'custom', message: `unknown series ${JSON.stringify(text)}: ${SERIES_HINT}` });
        return z.NEVER;
      }
      return series;
    }),
  range: z.enum(METRIC_RANGES, { error: `expected one of ${METRIC_RANGES.join(', ')}` }).default('1h'),
});
export type MetricsQuery = z.output<typeof MetricsQuery>;

export const MetricPoint = z.object({
  /** Start of the point's bucket, ISO 8601. */
  t: z.string(),
  /** Events in: published (all, topic series) or handled (group series). */
  count: z.number(),
  /** Deliveries handled by the groups of the series. */
  handled: z.number(),
  failed: z.number(),
  retried: z.number(),
  deadLettered: z.number(),
  /** Handling latency percentiles estimated from the histogram buckets; null without samples. */
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  meanMs: z.number().nullable(),
  maxMs: z.number().nullable(),
  /** Entries behind, sampled at the end of the bucket (summed over the series' groups). */
  lag: z.number().nullable(),
});
export type MetricPoint = z.infer<typeof MetricPoint>;

export const MetricsSeries = z.object({
  series: z.string(),
  range: z.enum(METRIC_RANGES),
  resolution: z.enum(['10s', '1m']),
  stepSeconds: z.number(),
  from: z.string(),
  to: z.string(),
  /** One per step from `from` to `to`, empty steps as zeros; the last one is still filling. */
  points: z.array(MetricPoint),
  totals: z.object({
    count: z.number(),
    handled: z.number(),
    failed: z.number(),
    retried: z.number(),
    deadLettered: z.number(),
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    p99Ms: z.number().nullable(),
  }),
});
export type MetricsSeries = z.infer<typeof MetricsSeries>;
