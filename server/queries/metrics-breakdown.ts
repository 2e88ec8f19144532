import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  BREAKDOWN_SCOPE,
  MAX_BREAKDOWN_KEYS,
  MAX_BREAKDOWN_SERIES,
  type BreakdownMetric,
  type BreakdownSeries,
  type MetricsBreakdown,
  type MetricsBreakdownQuery,
} from '@/server/contracts/metrics-breakdown';
import { rangeSteps } from './metrics';
import { selectRows } from '@/db/select-rows';

interface KeyStepRow {
  key: string;
  t: number;
  v: number | null;
}

/** Per metric, how one step's rollups of one key combine; lag is a sample, so 10 min steps keep the highest. */
const AGGREGATE: Record<BreakdownMetric, SQL> = {
  published: sql`sum(m.count)`,
  handled: sql`sum(m.count)`,
  failed: sql`sum(m.failed)`,
  retried: sql`sum(m.retried)`,
  deadLettered: sql`sum(m.dead_lettered)`,
  lag: sql`max(m.lag)`,
};

/**
 * One counter over a range, one series per topic (published) or per group (the rest), in one query
 * grouped by key and step. The largest MAX_BREAKDOWN_SERIES keys by total are kept.
 */
export async function getMetricsBreakdown(
  db: Db,
  query: MetricsBreakdownQuery,
  now = new Date(),
): Promise<MetricsBreakdown> {
  const { plan, step, start, end, from, to } = rangeSteps(query.range, now);
  const scope = BREAKDOWN_SCOPE[query.metric];
  const isLag = query.metric === 'lag';
  // the step is one of RANGE_PLAN's constants, inlined so GROUP BY sees one expression
  const stepSql = sql.raw(String(step));
  const rows = await selectRows<KeyStepRow>(
    db,
    sql`select m.key as key,
        (floor(extract(epoch from m.bucket_start) * 1000 / ${stepSql}) * ${stepSql})::float8 as t,
        ${AGGREGATE[query.metric]}::float8 as v
      from metric_rollups m
      where m.resolution = ${plan.resolution} and m.scope = ${scope}
        and m.bucket_start >= ${from.toISOString()}::timestamptz
        and m.bucket_start < ${to.toISOString()}::timestamptz
      group by 1, 2`,
  );

  const steps = Math.round((end - start) / step);
  const byKey = new Map<string, (number | null)[]>();
  for (const row of rows) {
    const index = Math.round((Number(row.t) - start) / step);
    if (index < 0 || index >= steps) continue;
    let values = byKey.get(row.key);
    if (!values) {
      values = new Array<number | null>(steps).fill(isLag ? null : 0);
      byKey.set(row.key, values);
    }
    values[index] = row.v === null ? null : Number(row.v);
  }

  const series: BreakdownSeries[] = [];
  for (const [key, values] of byKey) {
    const numbers = values.filter((v): v is number => v !== null);
    const total = isLag ? Math.max(0, ...numbers) : numbers.reduce((sum, v) => sum + v, 0);
    const slash = key.indexOf('/');
    const grouped = scope === 'group' && slash > 0;
    series.push({
      key,
      topic: grouped ? key.slice(0, slash) : key,
      group: grouped ? key.slice(slash + 1) : null,
      values,
      total,
    });
  }
  series.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));

  return {
    metric: query.metric,
    scope,
    range: query.range,
    resolution: plan.resolution,
    stepSeconds: step / 1000,
    from: from.toISOString(),
    to: to.toISOString(),
    t: Array.from({ length: steps }, (_, i) => new Date(start + i * step).toISOString()),
    series: series.slice(0, MAX_BREAKDOWN_SERIES),
    omitted: Math.max(0, series.length - MAX_BREAKDOWN_SERIES),
    keys: [...byKey.keys()].sort().slice(0, MAX_BREAKDOWN_KEYS),
  };
}
