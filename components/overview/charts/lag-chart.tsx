'use client';

import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from '@/components/charts/chart-card';
import { ChartLegend } from '@/components/charts/chart-legend';
import {
  chartMargin,
  cursorProps,
  gridProps,
  seriesColor,
  xAxisProps,
  yAxisProps,
} from '@/components/charts/chart-theme';
import { ChartTooltip } from '@/components/charts/chart-tooltip';
import { isolatedDot } from '@/components/charts/isolated-dot';
import { timeXAxisProps } from '@/components/charts/time-x-axis';
import { formatCompact, formatCount, plural } from '@/components/lib/format';
import type { MetricRange } from '@/server/contracts/metrics';
import { useMetricsBreakdown } from '../api/get-metrics-breakdown';
import { RANGE_PHRASE } from '../overview-params';
import { chartCaption } from '../shape/caption';
import { visibleWindow } from '../shape/visible-window';
import { useRecordedSince } from '../use-recorded-since';
import { shapeBreakdown } from '../shape/breakdown-rows';

const TITLE = 'Lag per group';
const MAX_GROUPS = 6;
const entries = (value: number) => plural(value, 'entry', 'entries');

/** Entries each group is behind, one line per group that lagged at all in the range. */
export function LagChart({ range }: { range: MetricRange }) {
  const query = useMetricsBreakdown('lag', range);
  const shaped = useMemo(
    () =>
      query.data ? shapeBreakdown(query.data, { maxSeries: MAX_GROUPS, keep: (s) => s.total > 0 }) : null,
    [query.data],
  );
  const since = useRecordedSince(range);
  const view = shaped ? { ...visibleWindow(shaped, since), stepSeconds: shaped.stepSeconds } : null;
  const notes = shaped
    ? [
        shaped.folded > 0
          ? `${plural(shaped.folded, 'more lagging group', 'more lagging groups')} not drawn`
          : '',
        shaped.left > 0 ? `${plural(shaped.left, 'group', 'groups')} kept up (lag 0)` : '',
      ].filter(Boolean)
    : [];
  const worst = shaped?.series[0];

  return (
    <ChartCard
      title={TITLE}
      caption={chartCaption('Entries not yet delivered, sampled per step', range, view ?? undefined)}
      status={query.status}
      error={query.error}
      onRetry={() => void query.refetch()}
      isEmpty={!shaped || shaped.series.length === 0}
      emptyMessage={
        query.data && query.data.series.length > 0
          ? `Every group kept up in ${RANGE_PHRASE[range]}: no lag.`
          : `No consumer group recorded lag in ${RANGE_PHRASE[range]}.`
      }
      summary={
        worst
          ? `${shaped.series.length} lagging groups; the worst, ${worst.label}, reached ${entries(worst.total)}.`
          : undefined
      }
      legend={
        shaped ? (
          <ChartLegend
            label="Groups, latest lag"
            items={shaped.series.map((series, index) => ({
              key: series.dataKey,
              label: series.label,
              color: seriesColor(index),
              value: series.latest === null ? '—' : formatCount(series.latest),
            }))}
            note={notes.length > 0 ? `${notes.join('; ')}.` : undefined}
          />
        ) : null
      }
    >
      {shaped && view ? (
        <LineChart
          data={shaped.rows}
          margin={chartMargin}
          responsive
          style={{ width: '100%', height: '100%' }}
        >
          <CartesianGrid {...gridProps} />
          <XAxis {...xAxisProps} {...timeXAxisProps(view.fromMs, view.toMs)} />
          <YAxis {...yAxisProps} tickFormatter={(value: number) => formatCompact(value)} />
          <Tooltip
            cursor={cursorProps}
            isAnimationActive={false}
            content={(props) => (
              <ChartTooltip {...props} formatValue={entries} stepSeconds={shaped.stepSeconds} sort />
            )}
          />
          {shaped.series.map((series, index) => (
            <Line
              key={series.dataKey}
              dataKey={series.dataKey}
              name={series.label}
              type="linear"
              stroke={seriesColor(index)}
              strokeWidth={1.75}
              dot={isolatedDot}
              // a step without a sample is unknown, not zero: the line breaks there
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      ) : null}
    </ChartCard>
  );
}
