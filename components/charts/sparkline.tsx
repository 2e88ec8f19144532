'use client';

import { useId, type CSSProperties } from 'react';
import { Area, AreaChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime } from '@/components/lib/format';
import type { Tone } from '@/components/ui/tone';

export interface SparklinePoint {
  /** Epoch ms. */
  t: number;
  /** null: nothing measured at that step (drawn as a gap). */
  value: number | null;
}

interface SparklineProps {
  /** What the line measures: "Throughput". Names the figure for assistive tech. */
  title: string;
  points: readonly SparklinePoint[];
  /** Formats a value for the headline, the tooltip and the summary: 49 → "49 ev/s". */
  format: (value: number) => string;
  /** Colour carries meaning only: neutral unless the line says something is wrong. */
  tone?: Tone;
  /** Appended to the accessible name: "last 15 minutes". */
  period?: string;
  height?: number;
}

const TONE_COLOUR: Record<Tone, string> = {
  neutral: 'var(--text-muted)',
  ok: 'var(--ok)',
  degraded: 'var(--degraded)',
  failing: 'var(--failing)',
  replayed: 'var(--replayed)',
};

const styles = {
  figure: { display: 'grid', gap: 4, minWidth: 0 },
  caption: {
    display: 'flex',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    gap: 8,
    fontSize: 'var(--text-sm)',
    color: 'var(--text-muted)',
  },
  latest: { color: 'var(--text)', fontWeight: 600, fontVariantNumeric: 'tabular-nums' },
  tooltip: {
    padding: '4px 8px',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-sm)',
    background: 'var(--surface-raised)',
    boxShadow: 'var(--shadow)',
    fontSize: 'var(--text-xs)',
    color: 'var(--text)',
    whiteSpace: 'nowrap',
  },
  tooltipTime: { color: 'var(--text-muted)' },
  empty: {
    display: 'grid',
    placeItems: 'center',
    border: '1px dashed var(--border)',
    borderRadius: 'var(--radius-sm)',
    color: 'var(--text-subtle)',
    fontSize: 'var(--text-xs)',
  },
} satisfies Record<string, CSSProperties>;

/**
 * A small area chart with its latest value as the headline: the trend, not the axes. The figure is
 * named by `title` and `period`, and a text summary (latest, peak) stands in for the drawing.
 */
export function Sparkline({ title, points, format, tone = 'neutral', period, height = 40 }: SparklineProps) {
  const gradientId = useId();
  const colour = TONE_COLOUR[tone];
  const measured = points.filter((p): p is { t: number; value: number } => p.value !== null);
  const latest = measured.at(-1)?.value ?? null;
  const peak = measured.length > 0 ? Math.max(...measured.map((p) => p.value)) : null;
  const name = period ? `${title}, ${period}` : title;
  const summary =
    latest === null || peak === null ? 'no data yet' : `latest ${format(latest)}, peak ${format(peak)}`;

  return (
    <figure aria-label={name} style={styles.figure}>
      <figcaption style={styles.caption}>
        <span>{title}</span>
        <span style={styles.latest} aria-hidden>
          {latest === null ? '—' : format(latest)}
        </span>
        <span className="visually-hidden">{summary}</span>
      </figcaption>
      {measured.length === 0 ? (
        <div style={{ ...styles.empty, height }} aria-hidden>
          no samples yet
        </div>
      ) : (
        <AreaChart
          responsive
          data={points as SparklinePoint[]}
          style={{ width: '100%', height }}
          margin={{ top: 2, right: 1, bottom: 1, left: 1 }}
          aria-hidden
        >
          <defs>
            <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={colour} stopOpacity={0.28} />
              <stop offset="100%" stopColor={colour} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} hide />
          <YAxis domain={[0, 'auto']} hide />
          <Tooltip
            isAnimationActive={false}
            cursor={{ stroke: 'var(--border-strong)' }}
            content={({ active, payload }) => (
              <SparkTooltip active={active} payload={payload} format={format} />
            )}
          />
          <Area
            type="monotone"
            dataKey="value"
            stroke={colour}
            strokeWidth={1.5}
            fill={`url(#${gradientId})`}
            isAnimationActive={false}
            dot={false}
            activeDot={{ r: 2.5, fill: colour, stroke: 'none' }}
          />
        </AreaChart>
      )}
    </figure>
  );
}

interface SparkTooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  format: (value: number) => string;
}

function SparkTooltip({ active, payload, format }: SparkTooltipProps) {
  // the hovered row of `data`, as Recharts hands it back
  const point = payload?.[0]?.payload as SparklinePoint | undefined;
  if (!active || !point) return null;
  return (
    <div style={styles.tooltip}>
      <span style={styles.tooltipTime}>{formatDateTime(point.t)}</span>{' '}
      {point.value === null ? '—' : format(point.value)}
    </div>
  );
}
