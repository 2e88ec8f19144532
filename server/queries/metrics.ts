import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  formatSeries,
  RANGE_PLAN,
  type MetricPoint,
  type MetricRange,
  type MetricsSeries,
  type SeriesRef,
} from '@/server/contracts/metrics';
import { addBuckets, bucketTotal, percentile } from './histogram';
import { withLagNow } from './lag-models';
import { round } from './rollup-window';
import { selectRows } from '@/db/select-rows';

interface StepRow {
  t: number;
  count: number;
  handled: number;
  failed: number;
  retried: number;
  dead_lettered: number;
  latency_sum: number;
  latency_max: number | null;
  lag: number | null;
}

interface HistogramRow {
  t: number;
  i: number;
  n: number;
}

/**
 * Which rollups feed a series. Topic rows count what was published; group rows count deliveries
 * (handled, failed, retried, dead-lettered), their latency histograms and their lag. A topic series
 * takes its deliveries from the groups of the topic (`<topic>/…` keys), `all` from every group.
 */
function filters(series: SeriesRef): { count: SQL; deliveries: SQL } {
  switch (series.kind) {
    case 'all':
      return { count: sql`m.scope = 'topic'`, deliveries: sql`m.scope = 'group'` };
    case 'topic':
      return {
        count: sql`(m.scope = 'topic' and m.key = ${series.topic})`,
        deliveries: sql`(m.scope = 'group' and starts_with(m.key, ${`${series.topic}/`}))`,
      };
    case 'group': {
      const key = `${series.topic}/${series.group}`;
      const filter = sql`(m.scope = 'group' and m.key = ${key})`;
      return { count: filter, deliveries: filter };
    }
  }
}

/** The steps of a range ending with the step that holds `now` (still filling). */
export function rangeSteps(range: MetricRange, now: Date) {
  const plan = RANGE_PLAN[range];
  const step = plan.stepMs;
  const end = Math.floor(now.getTime() / step) * step + step;
  const start = end - plan.rangeMs;
  return { plan, step, start, end, from: new Date(start), to: new Date(end) };
}

/**
 * A metrics series over a range: one point per step (zeros where nothing was recorded), counts,
 * error counts, latency percentiles estimated from the summed histogram buckets, and lag. `lagNow`,
 * the lag read from Redis at request time, becomes the newest step's lag (as on GET /api/groups), so
 * the line ends on the figure the lag model gives.
 */
export async function getMetricsSeries(
  db: Db,
  query: { series: SeriesRef; range: MetricRange },
  now = new Date(),
  lagNow: number | null = null,
): Promise<MetricsSeries> {
  const { plan, step, start, end, from, to } = rangeSteps(query.range, now);
  const { count, deliveries } = filters(query.series);
  // the step is one of RANGE_PLAN's constants, inlined so GROUP BY sees one expression
  const stepSql = sql.raw(String(step));
  const bucketOf = (column: SQL) =>
    sql`(floor(extract(epoch from ${column}) * 1000 / ${stepSql}) * ${stepSql})::float8`;
  const window = sql`m.resolution = ${plan.resolution} and m.bucket_start >= ${from.toISOString()}::timestamptz
    and m.bucket_start < ${to.toISOString()}::timestamptz`;

  const [steps, histogram] = await Promise.all([
    selectRows<StepRow>(
      db,
      sql`with per_bucket as (
        select m.bucket_start,
          coalesce(sum(m.count) filter (where ${count}), 0) as count,
          coalesce(sum(m.count) filter (where ${deliveries}), 0) as handled,
          coalesce(sum(m.failed) filter (where ${deliveries}), 0) as failed,
          coalesce(sum(m.retried) filter (where ${deliveries}), 0) as retried,
          coalesce(sum(m.dead_lettered) filter (where ${deliveries}), 0) as dead_lettered,
          coalesce(sum(m.latency_sum_ms) filter (where ${deliveries}), 0) as latency_sum,
          max(m.latency_max_ms) filter (where ${deliveries}) as latency_max,
          sum(m.lag) filter (where ${deliveries}) as lag
        from metric_rollups m
        where ${window} and (${count} or ${deliveries})
        group by m.bucket_start
      )
      select ${bucketOf(sql`bucket_start`)} as t,
        sum(count)::float8 as count, sum(handled)::float8 as handled, sum(failed)::float8 as failed,
        sum(retried)::float8 as retried, sum(dead_lettered)::float8 as dead_lettered,
        sum(latency_sum)::float8 as latency_sum, max(latency_max)::float8 as latency_max,
        max(lag)::float8 as lag
      from per_bucket group by 1`,
    ),
    selectRows<HistogramRow>(
      db,
      sql`select ${bucketOf(sql`m.bucket_start`)} as t, (u.i - 1)::int as i, sum(u.n)::float8 as n
      from metric_rollups m cross join lateral unnest(m.latency_buckets) with ordinality as u(n, i)
      where ${window} and ${deliveries}
      group by 1, 2`,
    ),
  ]);

  const byStep = new Map(steps.map((row) => [Number(row.t), row]));
  const bucketsByStep = new Map<number, number[]>();
  for (const row of histogram) {
    const t = Number(row.t);
    const buckets = bucketsByStep.get(t) ?? [];
    buckets[Number(row.i)] = (buckets[Number(row.i)] ?? 0) + Number(row.n);
    bucketsByStep.set(t, buckets);
  }

  const points: MetricPoint[] = [];
  const allBuckets: number[] = [];
  let maxAll: number | null = null;
  const totals = { count: 0, handled: 0, failed: 0, retried: 0, deadLettered: 0 };
  for (let t = start; t < end; t += step) {
    const row = byStep.get(t);
    const buckets = densify(bucketsByStep.get(t) ?? []);
    addBuckets(allBuckets, buckets);
    const samples = bucketTotal(buckets);
    const maxMs = row?.latency_max ?? null;
    if (maxMs !== null) maxAll = Math.max(maxAll ?? 0, maxMs);
    const point: MetricPoint = {
      t: new Date(t).toISOString(),
      count: Number(row?.count ?? 0),
      handled: Number(row?.handled ?? 0),
      failed: Number(row?.failed ?? 0),
      retried: Number(row?.retried ?? 0),
      deadLettered: Number(row?.dead_lettered ?? 0),
      p50Ms: percentile(buckets, 0.5, maxMs),
      p95Ms: percentile(buckets, 0.95, maxMs),
      p99Ms: percentile(buckets, 0.99, maxMs),
      meanMs: samples > 0 && row ? round(Number(row.latency_sum) / samples) : null,
      maxMs: samples > 0 ? maxMs : null,
      lag: row?.lag ?? null,
    };
    totals.count += point.count;
    totals.handled += point.handled;
    totals.failed += point.failed;
    totals.retried += point.retried;
    totals.deadLettered += point.deadLettered;
    points.push(point);
  }

  const lags = withLagNow(
    points.map((p) => p.lag),
    lagNow,
  );
  points.forEach((point, i) => (point.lag = lags[i] ?? null));

  return {
    series: formatSeries(query.series),
    range: query.range,
    resolution: plan.resolution,
    stepSeconds: step / 1000,
    from: from.toISOString(),
    to: to.toISOString(),
    points,
    totals: {
      ...totals,
      p50Ms: percentile(allBuckets, 0.5, maxAll),
      p95Ms: percentile(allBuckets, 0.95, maxAll),
      p99Ms: percentile(allBuckets, 0.99, maxAll),
    },
  };
}

function densify(buckets: number[]): number[] {
  return Array.from(buckets, (n) => n ?? 0);
}
