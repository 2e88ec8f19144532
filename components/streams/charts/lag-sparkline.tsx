'use client';

import { memo } from 'react';
import { Line, LineChart, ReferenceLine, YAxis } from 'recharts';
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
 * A group's lag over the last 15 minutes as a bare line over a faint zero line, the newest sample at
 * the right edge. Memoised on its values: a poll that brings the same samples does not redraw it.
 */
export const LagSparkline = memo(function LagSparkline({
  values,
  label,
  width = 96,
  height = 22,
}: LagSparklineProps) {
  const box = { display: 'inline-flex', alignItems: 'center', width, height } as const;
  if (values.every((v) => v === null)) {
    return (
      <span title={label} style={{ ...box, color: 'var(--text-subtle)' }}>
        —
      </span>
    );
  }
  const data = values.map((lag, i) => ({ i, lag }));
  return (
    <span role="img" aria-label={label} title={label} style={box}>
      <LineChart data={data} width={width} height={height} margin={{ top: 2, right: 1, bottom: 2, left: 1 }}>
        <YAxis hide domain={[0, (max: number) => Math.max(max, 1)]} />
        <ReferenceLine y={0} stroke={CHART.grid} />
        <Line
          dataKey="lag"
          type="monotone"
          stroke={CHART.line}
          strokeWidth={1.5}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}, sameValues);
