/** Shapes a group's recorded lag (`lagTrend` of GET /api/groups) for charts and their text summary. */
import { formatCount } from '@/components/lib/format';

export interface TrendPoint {
  /** Bucket start, epoch ms. */
  t: number;
  lag: number | null;
}

export function trendPoints(
  from: string,
  stepSeconds: number,
  values: readonly (number | null)[],
): TrendPoint[] {
  const start = Date.parse(from);
  return values.map((lag, i) => ({ t: start + i * stepSeconds * 1000, lag }));
}

export interface TrendSummary {
  samples: number;
  min: number | null;
  max: number | null;
  /** The newest sample. */
  last: number | null;
  /** Newest minus oldest sample; null with fewer than two. */
  change: number | null;
}

export function summarizeTrend(values: readonly (number | null)[]): TrendSummary {
  const present = values.filter((v): v is number => v !== null);
  const first = present[0];
  const last = present.at(-1);
  return {
    samples: present.length,
    min: present.length > 0 ? Math.min(...present) : null,
    max: present.length > 0 ? Math.max(...present) : null,
    last: last ?? null,
    change: present.length >= 2 && first !== undefined && last !== undefined ? last - first : null,
  };
}

/** "Lag over 15 min: 12 to 482, now 482" for a chart's accessible name and tooltip. */
export function describeTrend(summary: TrendSummary, minutes: number): string {
  if (summary.samples === 0) return `No lag recorded in the last ${minutes} min`;
  if (summary.min === summary.max) return `Lag over ${minutes} min: steady at ${formatCount(summary.last)}`;
  return `Lag over ${minutes} min: ${formatCount(summary.min)} to ${formatCount(summary.max)}, now ${formatCount(summary.last)}`;
}

export interface SparklineShape {
  /** From the first sampled bucket to the newest, gaps as null: the line spans the whole width. */
  data: { i: number; lag: number | null }[];
  /** The y range: the samples' own min to max, so a change of a few entries on a large lag shows. */
  domain: [number, number];
}

/**
 * What the row's sparkline draws. Drawn over the full 15 min on a zero-based axis, a lag that moves
 * from 5,000 to 5,040 was a flat line (40 entries of 5,040 is under a pixel at 22 px), and a group
 * sampled for the last minute only was a few pixels at the right edge: "flat, or one point" while
 * the lag changed. The summary text still names the figures and the 15 min window.
 */
export function sparklineShape(values: readonly (number | null)[]): SparklineShape | null {
  const first = values.findIndex((v) => v !== null);
  if (first < 0) return null;
  const data = values.slice(first).map((lag, i) => ({ i, lag }));
  const present = data.flatMap((d) => (d.lag === null ? [] : [d.lag]));
  const min = Math.min(...present);
  const max = Math.max(...present);
  // a steady lag sits mid-height rather than on an edge
  const domain: [number, number] = min === max ? [min - 1, max + 1] : [min, max];
  return { data, domain };
}
