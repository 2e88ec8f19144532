'use client';

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistogramBucket } from '@/server/contracts/bus-state';
import { formatCompact, formatCount } from '@/components/lib/format';
import { CHART, TOOLTIP_ITEM_STYLE, TOOLTIP_LABEL_STYLE, TOOLTIP_STYLE } from './chart-style';

interface HistogramChartProps {
  buckets: readonly HistogramBucket[];
  label: string;
  /** Buckets drawn in the warning colour (e.g. idle past the stuck threshold). */
  isWarning?: (bucket: HistogramBucket) => boolean;
  /** Axis label of a bucket (default: its API label, which the tooltip always shows). */
  tick?: (bucket: HistogramBucket) => string;
  height?: number;
}

/** A small bar chart of one pending-entry histogram; bucket labels as they come from the API. */
export function HistogramChart({ buckets, label, isWarning, tick, height = 120 }: HistogramChartProps) {
  const data = buckets.map((bucket) => ({ ...bucket, tick: tick ? tick(bucket) : bucket.label }));
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height }}>
      <BarChart
        responsive
        data={data}
        style={{ width: '100%', height }}
        margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
        barCategoryGap="18%"
      >
        <CartesianGrid vertical={false} stroke={CHART.grid} strokeDasharray="2 3" />
        <XAxis
          dataKey="tick"
          tick={CHART.tick}
          tickLine={false}
          axisLine={{ stroke: CHART.grid }}
          interval={0}
        />
        <YAxis
          width={44}
          allowDecimals={false}
          tickFormatter={(n: number) => formatCompact(n)}
          tick={CHART.tick}
          tickLine={false}
          axisLine={false}
        />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          labelStyle={TOOLTIP_LABEL_STYLE}
          itemStyle={TOOLTIP_ITEM_STYLE}
          labelFormatter={(_, payload) => String(payload[0]?.payload?.label ?? '')}
          formatter={(value) => [formatCount(Number(value)), 'Entries']}
          cursor={{ fill: 'var(--surface-hover)' }}
          isAnimationActive={false}
        />
        <Bar dataKey="count" radius={[2, 2, 0, 0]} isAnimationActive={false}>
          {buckets.map((bucket) => (
            <Cell key={bucket.label} fill={isWarning?.(bucket) ? CHART.warn : CHART.bar} />
          ))}
        </Bar>
      </BarChart>
    </div>
  );
}
