'use client';

import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from '@/components/charts/chart-card';
import { ChartLegend } from '@/components/charts/chart-legend';
import { chartMargin, cursorProps, gridProps, xAxisProps, yAxisProps } from '@/components/charts/chart-theme';
import { ChartTooltip } from '@/components/charts/chart-tooltip';
import { timeXAxisProps } from '@/components/charts/time-x-axis';
import { isolatedDot } from '@/components/charts/isolated-dot';
import { logAxis } from '@/components/charts/log-scale';
import { formatLatency } from '@/components/lib/format';
import type { MetricRange } from '@/server/contracts/metrics';
import { useMetricsBreakdown } from '../api/get-metrics-breakdown';
import { useMetricsSeries } from '../api/get-metrics-series';
import { RANGE_PHRASE } from '../overview-params';
import { chartCaption } from '../shape/caption';
import { visibleWindow } from '../shape/visible-window';
import { useRecordedSince } from '../use-recorded-since';
import { groupOptions } from '../shape/group-options';
import { shapeLatency } from '../shape/series-rows';
import { GroupPicker } from './group-picker';

const TITLE = 'Processing latency';

/** Drawn in one hue family, p99 dashed: the three lines are one measurement, not three things. */
const PERCENTILES = [
  { dataKey: 'p50', label: 'p50', color: 'var(--chart-3)', dashed: false },
  { dataKey: 'p95', label: 'p95', color: 'var(--chart-1)', dashed: false },
  { dataKey: 'p99', label: 'p99', color: 'var(--chart-2)', dashed: true },
] as const;

interface LatencyChartProps {
  range: MetricRange;
  /** `<topic>/<group>`, or null for every group together. */
  group: string | null;
  onGroupChange: (group: string | null) => void;
}

/** Handling latency percentiles per step, for one group or all of them. */
export function LatencyChart({ range, group, onGroupChange }: LatencyChartProps) {
  const query = useMetricsSeries(group ? `group:${group}` : 'all', range);
  // the groups recorded in the range; the lag chart reads the same query, so this costs no request
  const groups = useMetricsBreakdown('lag', range);
  // every group recorded in the range, not only the 50 the lag chart draws
  const options = useMemo(() => groupOptions(groups.data), [groups.data]);
  const shaped = useMemo(() => (query.data ? shapeLatency(query.data) : null), [query.data]);
  // a log scale: p50 at 1 ms and p99 at 400 ms both stay readable
  const yAxis = useMemo(
    () => (shaped ? logAxis(shaped.rows.flatMap((r) => [r.p50, r.p95, r.p99])) : null),
    [shaped],
  );
  const since = useRecordedSince(range);
  const view = shaped ? { ...visibleWindow(shaped, since), stepSeconds: shaped.stepSeconds } : null;
  const who = group ? (options.find((o) => o.value === group)?.label ?? group) : 'all groups';

  return (
    <ChartCard
      title={TITLE}
      caption={chartCaption(`Time in handlers (log scale) for ${who}`, range, view ?? undefined)}
      aside={<GroupPicker value={group} options={options} onChange={onGroupChange} />}
      status={query.status}
      error={query.error}
      onRetry={() => void query.refetch()}
      isEmpty={!shaped?.hasSamples}
      emptyMessage={`Nothing was handled by ${who} in ${RANGE_PHRASE[range]}, so there is no latency to show.`}
      summary={
        shaped
          ? `Over the range: p50 ${formatLatency(shaped.totals.p50)}, p95 ${formatLatency(shaped.totals.p95)}, p99 ${formatLatency(shaped.totals.p99)}.`
          : undefined
      }
      legend={
        shaped ? (
          <ChartLegend
            label="Percentiles over the range"
            items={PERCENTILES.map((p) => ({
              key: p.dataKey,
              label: p.label,
              color: p.color,
              dashed: p.dashed,
              value: formatLatency(shaped.totals[p.dataKey]),
            }))}
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
          <YAxis
            {...yAxisProps}
            width={56}
            scale="log"
            domain={yAxis?.domain ?? [1, 10]}
            ticks={yAxis?.ticks}
            allowDataOverflow
            tickFormatter={(ms: number) => formatLatency(ms)}
          />
          <Tooltip
            cursor={cursorProps}
            isAnimationActive={false}
            content={(props) => (
              <ChartTooltip {...props} formatValue={formatLatency} stepSeconds={shaped.stepSeconds} />
            )}
          />
          {PERCENTILES.map((p) => (
            <Line
              key={p.dataKey}
              dataKey={p.dataKey}
              name={p.label}
              type="monotone"
              stroke={p.color}
              strokeWidth={p.dataKey === 'p95' ? 1.75 : 1.25}
              strokeDasharray={p.dashed ? '4 3' : undefined}
              dot={isolatedDot}
              // steps where nothing was handled have no latency: a gap, never a zero
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      ) : null}
    </ChartCard>
  );
}
