'use client';

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatCompact, formatCount } from '@/components/lib/format';
import type { TrendPoint } from '../lag-trend';
import { CHART, TOOLTIP_ITEM_STYLE, TOOLTIP_LABEL_STYLE, TOOLTIP_STYLE } from './chart-style';

interface LagTrendChartProps {
  points: readonly TrendPoint[];
  label: string;
  height?: number;
}

/** A group's recorded lag over 15 minutes, with time and value axes and a tooltip per 10 s bucket. */
export function LagTrendChart({ points, label, height = 120 }: LagTrendChartProps) {
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height }}>
      <AreaChart
        responsive
        data={points as TrendPoint[]}
        style={{ width: '100%', height }}
        margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
      >
        <CartesianGrid vertical={false} stroke={CHART.grid} strokeDasharray="2 3" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(t: number) => formatClock(t, 'minute')}
          tick={CHART.tick}
          tickLine={false}
          axisLine={{ stroke: CHART.grid }}
          minTickGap={40}
        />
        <YAxis
          width={44}
          allowDecimals={false}
          domain={[0, 'auto']}
          tickFormatter={(n: number) => formatCompact(n)}
          tick={CHART.tick}
          tickLine={false}
          axisLine={false}
        />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          labelStyle={TOOLTIP_LABEL_STYLE}
          itemStyle={TOOLTIP_ITEM_STYLE}
          labelFormatter={(t) => formatClock(Number(t), 'second')}
          formatter={(value) => [formatCount(Number(value)), 'Lag']}
          cursor={{ stroke: CHART.grid }}
          isAnimationActive={false}
        />
        <Area
          dataKey="lag"
          type="monotone"
          stroke={CHART.line}
          strokeWidth={1.5}
          fill={CHART.line}
          fillOpacity={0.12}
          connectNulls
          isAnimationActive={false}
        />
      </AreaChart>
    </div>
  );
}
