import type { MetricsBreakdown } from '@/server/contracts/metrics-breakdown';

/** One chart row: the step's start (epoch ms) and a value per drawn series under its data key. */
export interface ChartRow {
  time: number;
  [dataKey: string]: number | null;
}

export interface DrawnSeries {
  /** The recharts data key: `s0`, `s1`, … (topic names hold dots, which recharts reads as paths). */
  dataKey: string;
  /** The topic, `<group> · <topic>`, or "Other topics". */
  label: string;
  /** The API key (`topic` or `<topic>/<group>`); null for the folded "other" series. */
  key: string | null;
  /** Over the drawn rows: sum of the values (counts) or the highest (lag). */
  total: number;
  /** The newest non-null value drawn. */
  latest: number | null;
}

export interface ShapedBreakdown {
  rows: ChartRow[];
  series: DrawnSeries[];
  /** Series past `maxSeries`: summed into "other" when there is one, else not drawn. */
  folded: number;
  /** Series `keep` turned away. */
  left: number;
  stepSeconds: number;
  fromMs: number;
  toMs: number;
}

interface ShapeOptions {
  /** Draw at most this many series; with `otherLabel` the rest are summed into one more. */
  maxSeries: number;
  otherLabel?: string;
  /** Divide counts by the step width: events per step → events per second. */
  perSecond?: boolean;
  /** Only series this accepts are drawn (say, groups that ever lagged); the rest are counted in `left`. */
  keep?: (series: { total: number }) => boolean;
}

export const OTHER_KEY = 'other';

/** `threat.signals/validate` → `validate · threat.signals`; a topic stays as it is. */
export function seriesLabel(series: { topic: string; group: string | null }): string {
  return series.group === null ? series.topic : `${series.group} · ${series.topic}`;
}

/**
 * Turns a breakdown into chart rows. The last step is dropped: it is still filling, and drawn as is
 * it reads as a sudden drop in throughput. Gaps (null lag samples) stay null so lines break there
 * instead of inventing values; counts are never null.
 */
export function shapeBreakdown(breakdown: MetricsBreakdown, options: ShapeOptions): ShapedBreakdown {
  const { maxSeries, otherLabel, perSecond = false, keep = () => true } = options;
  const isLag = breakdown.metric === 'lag';
  const steps = Math.max(0, breakdown.t.length - 1);
  const scale = perSecond ? 1 / breakdown.stepSeconds : 1;
  const kept = breakdown.series.filter(keep);
  const left = breakdown.series.length - kept.length;
  // API order is largest total first, over the full range; keep it so colours stay put between refreshes
  const drawn = kept.slice(0, maxSeries);
  const rest = otherLabel && !isLag ? kept.slice(maxSeries) : [];
  const folded = kept.length - drawn.length;

  const rows: ChartRow[] = [];
  for (let i = 0; i < steps; i++) {
    const row: ChartRow = { time: Date.parse(breakdown.t[i] ?? '') };
    drawn.forEach((series, s) => {
      row[`s${s}`] = scaleValue(series.values[i], scale);
    });
    if (rest.length > 0) {
      row[OTHER_KEY] = rest.reduce((sum, series) => sum + (scaleValue(series.values[i], scale) ?? 0), 0);
    }
    rows.push(row);
  }

  const series: DrawnSeries[] = drawn.map((s, index) => ({
    dataKey: `s${index}`,
    label: seriesLabel(s),
    key: s.key,
    ...summarize(rows, `s${index}`, isLag),
  }));
  if (rest.length > 0 && otherLabel) {
    series.push({ dataKey: OTHER_KEY, label: otherLabel, key: null, ...summarize(rows, OTHER_KEY, false) });
  }

  return {
    rows,
    series,
    folded,
    left,
    stepSeconds: breakdown.stepSeconds,
    fromMs: rows[0]?.time ?? Date.parse(breakdown.from),
    toMs: rows.at(-1)?.time ?? Date.parse(breakdown.to),
  };
}

function scaleValue(value: number | null | undefined, scale: number): number | null {
  if (value === null || value === undefined) return null;
  return scale === 1 ? value : Math.round(value * scale * 100) / 100;
}

function summarize(rows: readonly ChartRow[], dataKey: string, highest: boolean) {
  let total = 0;
  let latest: number | null = null;
  for (const row of rows) {
    const value = row[dataKey];
    if (value === null || value === undefined) continue;
    total = highest ? Math.max(total, value) : total + value;
    latest = value;
  }
  return { total: Math.round(total * 100) / 100, latest };
}

/** Per row, the sum over the drawn series (stack height): the total dead-lettered per step, say. */
export function rowTotals(shaped: ShapedBreakdown): number[] {
  return shaped.rows.map((row) => shaped.series.reduce((sum, series) => sum + (row[series.dataKey] ?? 0), 0));
}

/** True when no drawn value is above zero: the chart would be a flat line, so say so instead. */
export function isFlat(shaped: ShapedBreakdown): boolean {
  return shaped.rows.every((row) => shaped.series.every((series) => (row[series.dataKey] ?? 0) <= 0));
}
