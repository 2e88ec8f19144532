/**
 * Axis, grid and cursor styling shared by every chart, read from the theme's CSS variables so both
 * themes follow without re-rendering. Spread these into recharts components.
 */

export const SERIES_COLORS = [
  'var(--chart-1)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
  'var(--chart-6)',
  'var(--chart-7)',
] as const;

/** For the "other" bucket that folds the smallest series together. */
export const OTHER_COLOR = 'var(--chart-other)';

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? OTHER_COLOR;
}

const tick = { fill: 'var(--text-subtle)', fontSize: 11 };

export const xAxisProps = {
  tick,
  tickLine: false,
  axisLine: { stroke: 'var(--border-strong)' },
  tickMargin: 6,
  minTickGap: 16,
} as const;

export const yAxisProps = {
  tick,
  tickLine: false,
  axisLine: false,
  width: 48,
  tickMargin: 4,
} as const;

export const gridProps = {
  stroke: 'var(--border)',
  strokeDasharray: '2 4',
  vertical: false,
} as const;

export const cursorProps = { stroke: 'var(--text-subtle)', strokeWidth: 1 } as const;

export const chartMargin = { top: 6, right: 8, bottom: 0, left: 0 } as const;
