import { z } from 'zod';
import { METRIC_RANGES } from './metrics';
import { queryObject } from './query-params';

/**
 * One counter split by topic or by group over a range, for charts that draw a line or a stacked area
 * per key (throughput per topic, lag per group). The metric decides the split: `published` is counted
 * per topic, the rest per group (`<topic>/<group>`).
 */
export const BREAKDOWN_METRICS = [
  'published',
  'handled',
  'failed',
  'retried',
  'deadLettered',
  'lag',
] as const;
export type BreakdownMetric = (typeof BREAKDOWN_METRICS)[number];

export const BREAKDOWN_SCOPE: Record<BreakdownMetric, 'topic' | 'group'> = {
  published: 'topic',
  handled: 'group',
  failed: 'group',
  retried: 'group',
  deadLettered: 'group',
  lag: 'group',
};

/** At most this many keys are returned, the largest first; the rest are counted in `omitted`. */
export const MAX_BREAKDOWN_SERIES = 50;

/**
 * At most this many key names are listed in `keys` (names only, a few bytes each): enough for a group
 * picker to offer every group, bounded all the same.
 */
export const MAX_BREAKDOWN_KEYS = 10_000;

/** `GET /api/metrics/breakdown` query. */
export const MetricsBreakdownQuery = queryObject({
  metric: z.enum(BREAKDOWN_METRICS, { error: `expected one of ${BREAKDOWN_METRICS.join(', ')}` }),
  range: z.enum(METRIC_RANGES, { error: `expected one of ${METRIC_RANGES.join(', ')}` }).default('1h'),
});
export type MetricsBreakdownQuery = z.output<typeof MetricsBreakdownQuery>;

export const BreakdownSeries = z.object({
  /** The topic, or `<topic>/<group>`. */
  key: z.string(),
  topic: z.string(),
  /** null for a topic series. */
  group: z.string().nullable(),
  /**
   * One value per entry of `t`. Counts are per step (0 where nothing was recorded); lag is the sample
   * at the end of the step (the highest one for 10 min steps), null where none was taken.
   */
  values: z.array(z.number().nullable()),
  /** The sum of the counts, or the highest lag, over the range. */
  total: z.number(),
});
export type BreakdownSeries = z.infer<typeof BreakdownSeries>;

export const MetricsBreakdown = z.object({
  metric: z.enum(BREAKDOWN_METRICS),
  scope: z.enum(['topic', 'group']),
  range: z.enum(METRIC_RANGES),
  resolution: z.enum(['10s', '1m']),
  stepSeconds: z.number(),
  from: z.string(),
  to: z.string(),
  /** Start of each step, ISO 8601, from `from` to `to`; the last one is still filling. */
  t: z.array(z.string()),
  /** Largest `total` first. */
  series: z.array(BreakdownSeries),
  /** Keys left off past MAX_BREAKDOWN_SERIES. */
  omitted: z.number().int(),
  /**
   * Every key recorded in the range by name, charted or not (up to MAX_BREAKDOWN_KEYS): a picker
   * lists them all, while only the largest MAX_BREAKDOWN_SERIES come with their values.
   */
  keys: z.array(z.string()),
});
export type MetricsBreakdown = z.infer<typeof MetricsBreakdown>;
