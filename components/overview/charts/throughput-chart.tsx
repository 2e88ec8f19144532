'use client';

import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from '@/components/charts/chart-card';
import { ChartLegend } from '@/components/charts/chart-legend';
import {
  chartMargin,
  cursorProps,
  gridProps,
  OTHER_COLOR,
  seriesColor,
  xAxisProps,
  yAxisProps,
} from '@/components/charts/chart-theme';
import { ChartTooltip } from '@/components/charts/chart-tooltip';
import { timeXAxisProps } from '@/components/charts/time-x-axis';
import { formatCompact, formatRate } from '@/components/lib/format';
import type { MetricRange } from '@/server/contracts/metrics';
import { useMetricsBreakdown } from '../api/get-metrics-breakdown';
import { RANGE_PHRASE } from '../overview-params';
import { chartCaption } from '../shape/caption';
import { visibleWindow } from '../shape/visible-window';
import { useRecordedSince } from '../use-recorded-since';
import { isFlat, OTHER_KEY, shapeBreakdown } from '../shape/breakdown-rows';

const TITLE = 'Throughput per topic';
/** Seven stacked colours stay tellable apart; smaller topics are summed into "Other topics". */
const MAX_TOPICS = 6;

/** Events published per second, one stacked area per topic. */
export function ThroughputChart({ range }: { range: MetricRange }) {
  const query = useMetricsBreakdown('published', range);
  const shaped = useMemo(
    () =>
      query.data
        ? shapeBreakdown(query.data, { maxSeries: MAX_TOPICS, otherLabel: 'Other topics', perSecond: true })
        : null,
    [query.data],
  );
  const since = useRecordedSince(range);
  const view = shaped ? { ...visibleWindow(shaped, since), stepSeconds: shaped.stepSeconds } : null;
  const colorOf = (dataKey: string, index: number) =>
    dataKey === OTHER_KEY ? OTHER_COLOR : seriesColor(index);
  const busiest = shaped?.series[0];

  return (
    <ChartCard
      title={TITLE}
      caption={chartCaption('Events published per second', range, view ?? undefined)}
      status={query.status}
      error={query.error}
      onRetry={() => void query.refetch()}
      isEmpty={!shaped || shaped.series.length === 0 || isFlat(shaped)}
      emptyMessage={`Nothing was published in ${RANGE_PHRASE[range]}.`}
      summary={
        busiest
          ? `${shaped.series.length} series; the busiest, ${busiest.label}, is at ${formatRate(busiest.latest)}.`
          : undefined
      }
      legend={
        shaped ? (
          <ChartLegend
            label="Topics, latest step"
            items={shaped.series.map((series, index) => ({
              key: series.dataKey,
              label: series.label,
              color: colorOf(series.dataKey, index),
              value: formatRate(series.latest),
            }))}
            note={shaped.folded > 0 ? `Other topics sums the ${shaped.folded} quietest.` : undefined}
          />
        ) : null
      }
    >
      {shaped && view ? (
        <AreaChart
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
              <ChartTooltip
                {...props}
                formatValue={(value) => formatRate(value)}
                stepSeconds={shaped.stepSeconds}
                sort
                total
              />
            )}
          />
          {shaped.series.map((series, index) => {
            const color = colorOf(series.dataKey, index);
            return (
              <Area
                key={series.dataKey}
                dataKey={series.dataKey}
                name={series.label}
                stackId="topics"
                type="monotone"
                stroke={color}
                strokeWidth={1.5}
                fill={color}
                fillOpacity={0.22}
                dot={false}
                isAnimationActive={false}
              />
            );
          })}
        </AreaChart>
      ) : null}
    </ChartCard>
  );
}
