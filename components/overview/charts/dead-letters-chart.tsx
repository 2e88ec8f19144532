'use client';

import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from '@/components/charts/chart-card';
import { chartMargin, gridProps, xAxisProps, yAxisProps } from '@/components/charts/chart-theme';
import { TooltipFrame } from '@/components/charts/chart-tooltip';
import { timeXAxisProps } from '@/components/charts/time-x-axis';
import { formatCompact, formatCount } from '@/components/lib/format';
import type { MetricRange } from '@/server/contracts/metrics';
import { MAX_BREAKDOWN_SERIES } from '@/server/contracts/metrics-breakdown';
import { useMetricsBreakdown } from '../api/get-metrics-breakdown';
import { RANGE_PHRASE } from '../overview-params';
import { chartCaption } from '../shape/caption';
import { visibleWindow } from '../shape/visible-window';
import { useRecordedSince } from '../use-recorded-since';
import { isFlat, rowTotals, shapeBreakdown, type ChartRow, type DrawnSeries } from '../shape/breakdown-rows';
import styles from './dead-letters-chart.module.css';

const TITLE = 'Dead letters over time';
const TOP_IN_NOTE = 3;

/**
 * Events dead-lettered per step, all groups in one red bar (dead letters are failures, so they take
 * the failing colour); the tooltip and the note say which groups they came from.
 */
export function DeadLettersChart({ range }: { range: MetricRange }) {
  const query = useMetricsBreakdown('deadLettered', range);
  const shaped = useMemo(() => {
    if (!query.data) return null;
    const breakdown = shapeBreakdown(query.data, { maxSeries: MAX_BREAKDOWN_SERIES });
    const totals = rowTotals(breakdown);
    const rows: ChartRow[] = breakdown.rows.map((row, i) => ({ ...row, total: totals[i] ?? 0 }));
    return { ...breakdown, rows, sum: totals.reduce((a, b) => a + b, 0) };
  }, [query.data]);
  const since = useRecordedSince(range);
  const view = shaped ? { ...visibleWindow(shaped, since), stepSeconds: shaped.stepSeconds } : null;
  // by what is drawn (the API orders by totals that include the still-filling step)
  const sources = (shaped?.series.filter((s) => s.total > 0) ?? []).sort((a, b) => b.total - a.total);
  const sourcesText = sources.map((s) => `${s.label} (${formatCount(s.total)})`).join(', ');

  return (
    <ChartCard
      title={TITLE}
      caption={chartCaption('Events dead-lettered per step', range, view ?? undefined)}
      status={query.status}
      error={query.error}
      onRetry={() => void query.refetch()}
      isEmpty={!shaped || isFlat(shaped)}
      emptyMessage={`No event was dead-lettered in ${RANGE_PHRASE[range]}.`}
      summary={shaped ? `${formatCount(shaped.sum)} dead-lettered in the range.` : undefined}
      legend={
        shaped ? (
          <p className={styles.note} title={sourcesText || undefined}>
            <span className={styles.total}>{formatCount(shaped.sum)}</span> in the range
            {sources.length > 0 ? (
              <>
                {' '}
                · most from{' '}
                {sources
                  .slice(0, TOP_IN_NOTE)
                  .map((s) => `${s.label} (${formatCount(s.total)})`)
                  .join(', ')}
                {sources.length > TOP_IN_NOTE ? ` and ${sources.length - TOP_IN_NOTE} more` : ''}
              </>
            ) : null}
          </p>
        ) : null
      }
    >
      {shaped && view ? (
        <BarChart
          data={shaped.rows}
          margin={chartMargin}
          responsive
          style={{ width: '100%', height: '100%' }}
        >
          <CartesianGrid {...gridProps} />
          <XAxis
            {...xAxisProps}
            {...timeXAxisProps(view.fromMs, view.toMs)}
            padding={{ left: 4, right: 4 }}
          />
          <YAxis
            {...yAxisProps}
            allowDecimals={false}
            tickFormatter={(value: number) => formatCompact(value)}
          />
          <Tooltip
            cursor={{ fill: 'var(--surface-hover)' }}
            isAnimationActive={false}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as ChartRow | undefined;
              if (!active || !row) return null;
              const rows = groupRows(shaped.series, row);
              return (
                <TooltipFrame
                  time={row.time}
                  stepSeconds={shaped.stepSeconds}
                  rows={rows}
                  formatValue={formatCount}
                  total={rows.length > 1 ? row.total : undefined}
                />
              );
            }}
          />
          <Bar
            dataKey="total"
            name="Dead-lettered"
            fill="var(--failing)"
            fillOpacity={0.85}
            isAnimationActive={false}
          />
        </BarChart>
      ) : null}
    </ChartCard>
  );
}

/** The hovered step's dead letters by group, largest first; a step without any says so. */
function groupRows(series: readonly DrawnSeries[], row: ChartRow) {
  const rows = series
    .map((s) => ({ name: s.label, value: row[s.dataKey] ?? 0, color: 'var(--failing)' }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value);
  return rows.length > 0 ? rows : [{ name: 'No dead letters', value: 0 }];
}
