import { formatDateTime, formatDuration } from '@/components/lib/format';
import styles from './chart-tooltip.module.css';

export interface TooltipRow {
  name: string;
  value: number | null;
  color?: string;
  dashed?: boolean;
}

/** The parts of recharts' tooltip props this component reads. */
interface RechartsTooltipEntry {
  name?: unknown;
  value?: unknown;
  color?: string;
  stroke?: string;
  fill?: string;
  strokeDasharray?: string | number;
}

interface ChartTooltipProps {
  active?: boolean;
  /** The x value: epoch ms of the step's start. */
  label?: unknown;
  payload?: readonly RechartsTooltipEntry[];
  formatValue: (value: number) => string;
  stepSeconds: number;
  /** Sort rows largest first (stacked series); off keeps the drawing order (p50, p95, p99). */
  sort?: boolean;
  /** A total line under the rows (stacked series). */
  total?: boolean;
}

const MAX_ROWS = 8;

/** Recharts tooltip content: the step's absolute time and width, then each series with its unit. */
export function ChartTooltip({
  active,
  label,
  payload,
  formatValue,
  stepSeconds,
  sort,
  total,
}: ChartTooltipProps) {
  if (!active || !payload?.length || typeof label !== 'number') return null;
  const rows: TooltipRow[] = payload.map((entry) => ({
    name: String(entry.name ?? ''),
    value: typeof entry.value === 'number' ? entry.value : null,
    color: entry.stroke ?? entry.color ?? entry.fill,
    dashed: entry.strokeDasharray !== undefined,
  }));
  const sum = rows.reduce((acc, row) => acc + (row.value ?? 0), 0);
  return (
    <TooltipFrame
      time={label}
      stepSeconds={stepSeconds}
      rows={sort ? [...rows].sort((a, b) => (b.value ?? -1) - (a.value ?? -1)) : rows}
      formatValue={formatValue}
      total={total ? sum : undefined}
    />
  );
}

interface TooltipFrameProps {
  time: number;
  stepSeconds: number;
  rows: readonly TooltipRow[];
  formatValue: (value: number) => string;
  /** A "Total" line under the rows. */
  total?: number | null;
}

/** The tooltip box, for charts that build their own rows (say, from the hovered data row). */
export function TooltipFrame({ time, stepSeconds, rows, formatValue, total }: TooltipFrameProps) {
  const shown = rows.slice(0, MAX_ROWS);
  const hidden = rows.length - shown.length;
  return (
    <div className={styles.tooltip}>
      <p className={styles.time}>
        {formatDateTime(time)}
        <span className={styles.step}> · {formatDuration(stepSeconds * 1_000)} step</span>
      </p>
      <ul className={styles.rows}>
        {shown.map((row) => (
          <TooltipLine
            key={row.name}
            name={row.name}
            color={row.color}
            dashed={row.dashed}
            value={row.value === null ? 'no sample' : formatValue(row.value)}
          />
        ))}
      </ul>
      {hidden > 0 ? <p className={styles.more}>and {hidden} more</p> : null}
      {total !== undefined && total !== null ? (
        <ul className={styles.rows}>
          <TooltipLine name="Total" value={formatValue(total)} strong />
        </ul>
      ) : null}
    </div>
  );
}

interface TooltipLineProps {
  name: string;
  value: string;
  color?: string;
  dashed?: boolean;
  strong?: boolean;
}

function TooltipLine({ name, value, color, dashed, strong }: TooltipLineProps) {
  return (
    <li className={styles.row} data-strong={strong || undefined}>
      {color ? (
        <span aria-hidden className={styles.swatch} data-dashed={dashed || undefined} style={{ color }} />
      ) : (
        <span aria-hidden className={styles.noSwatch} />
      )}
      <span className={styles.name}>{name}</span>
      <span className={styles.value}>{value}</span>
    </li>
  );
}
