import { formatCount } from '@/components/lib/format';

interface TrendSparkProps {
  /** Letters per bucket, oldest first. */
  values: readonly number[];
  /** What the line covers, for the accessible name: "last 24 hours". */
  period: string;
}

const WIDTH = 96;
const HEIGHT = 22;

/**
 * A group's letters over time as one small line, drawn in SVG: a table row holds dozens of these, which
 * the Recharts sparkline of the overview (a measured, responsive chart with a tooltip) would make heavy.
 * The name carries the figures the drawing shows.
 */
export function TrendSpark({ values, period }: TrendSparkProps) {
  const peak = Math.max(0, ...values);
  const total = values.reduce((sum, value) => sum + value, 0);
  const label = `Trend, ${period}: ${formatCount(total)} letters, peak ${formatCount(peak)} per bucket`;
  if (values.length < 2 || peak === 0) {
    return (
      <svg role="img" aria-label={label} width={WIDTH} height={HEIGHT}>
        <line x1={0} x2={WIDTH} y1={HEIGHT - 1} y2={HEIGHT - 1} stroke="var(--border-strong)" />
      </svg>
    );
  }
  const step = WIDTH / (values.length - 1);
  const y = (value: number) => HEIGHT - 1 - (value / peak) * (HEIGHT - 3);
  const line = values.map(
    (value, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(value).toFixed(1)}`,
  );
  return (
    <svg role="img" aria-label={label} width={WIDTH} height={HEIGHT}>
      <path d={`${line.join('')}L${WIDTH},${HEIGHT}L0,${HEIGHT}Z`} fill="var(--failing)" opacity={0.12} />
      <path d={line.join('')} fill="none" stroke="var(--failing)" strokeWidth={1.25} />
    </svg>
  );
}
