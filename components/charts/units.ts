/**
 * Number formatting for charts and figures: every number is shown with its unit. Pure; the caller
 * renders with tabular numbers.
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** 0.42 → "0.42", 4.25 → "4.3", 1234.5 → "1,235", 45_600 → "45.6K" (axes and tiles stay short). */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs < 1) return value.toFixed(2).replace(/\.?0+$/, '');
  if (abs < 10) return value.toFixed(1).replace(/\.0$/, '');
  if (abs < 10_000) return integer.format(value);
  return compact.format(value);
}

/** Events per second: "12.5 ev/s". */
export function formatRate(value: number | null | undefined): string {
  const text = formatNumber(value);
  return text === '—' ? text : `${text} ev/s`;
}

/** A whole count with separators: "12,340". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return integer.format(value);
}

/** A 0..1 ratio as a percentage: 0.0234 → "2.3%", 0 → "0%", 0.0004 → "<0.1%". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const percent = ratio * 100;
  if (percent === 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  if (percent < 10) return `${percent.toFixed(1).replace(/\.0$/, '')}%`;
  return `${Math.round(percent)}%`;
}

/** Singular or plural unit after a count: plural(1, 'entry', 'entries') → "1 entry". */
export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** Axis labels for milliseconds on a log scale: "0.1 ms", "10 ms", "1 s". */
export function formatMsTick(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  return ms >= 1_000 ? `${Number((ms / 1_000).toPrecision(3))} s` : `${Number(ms.toPrecision(3))} ms`;
}
