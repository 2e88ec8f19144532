'use client';

import { memo } from 'react';
import { Line, LineChart, YAxis } from 'recharts';
import { isolatedDot } from '@/components/charts/isolated-dot';
import { sparklineShape } from '../lag-trend';
import { CHART } from './chart-style';

interface LagSparklineProps {
  /** Recorded lag per bucket, oldest first (gaps as null). */
  values: readonly (number | null)[];
  /** The accessible name and tooltip: what the line says in words. */
  label: string;
  width?: number;
  height?: number;
}

const sameValues = (a: LagSparklineProps, b: LagSparklineProps): boolean =>
  a.label === b.label &&
  a.width === b.width &&
  a.values.length === b.values.length &&
  a.values.every((v, i) => v === b.values[i]);

/**
 * A group's recorded lag as a bare line from its first sample to now, scaled to its own range (see
 * sparklineShape): the shape of the trend, while the label names the figures. A sample with no
 * neighbour (one sample so far) is drawn as a dot, not as an invisible zero-length line.
 */
export const LagSparkline = memo(function LagSparkline({
  values,
  label,
  width = 96,
  height = 22,
}: LagSparklineProps) {
  const box = { display: 'inline-flex', alignItems: 'center', width, height } as const;
  const shape = sparklineShape(values);
  if (!shape) {
    return (
      <span title={label} style={{ ...box, color: 'var(--text-subtle)' }}>
        —
      </span>
    );
  }
  return (
    <span role="img" aria-label={label} title={label} style={box}>
      <LineChart
        data={shape.data}
        width={width}
        height={height}
        margin={{ top: 3, right: 3, bottom: 3, left: 3 }}
      >
        <YAxis hide domain={shape.domain} />
        <Line
          dataKey="lag"
          type="monotone"
          stroke={CHART.line}
          strokeWidth={1.5}
          dot={isolatedDot}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}, sameValues);
