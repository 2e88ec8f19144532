/**
 * Counts, rates, percentages and sizes. Every function takes what the API gives (a number, or null
 * when there is no measurement) and answers a string; a missing or non-finite value is "—".
 * Formatters are built once here: the events list and the flow graph call these on every repaint.
 */

export const MISSING = '—';

// signDisplay 'negative': -0.4 rounded is "0", never "-0"
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, signDisplay: 'negative' });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, signDisplay: 'negative' });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, signDisplay: 'negative' });
const compact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumSignificantDigits: 3,
  signDisplay: 'negative',
});

/** From here up, figures in tight places and rates switch to compact notation ("12.3K"). */
const COMPACT_FROM = 10_000;

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** A whole count, exact, with separators: 1234 → "1,234", 1e6 → "1,000,000". */
export function formatCount(value: number | null | undefined): string {
  return missing(value) ? MISSING : whole.format(value);
}

/**
 * A figure where space is tight (graph nodes, chart axes, a sampling ratio): exact below 10,000
 * (up to two decimals: 1234 → "1,234", 0.25 → "0.25"), then three significant digits with a suffix
 * (12_345 → "12.3K", 4_560_000 → "4.56M"). Where a count has room, use formatCount.
 */
export function formatCompact(value: number | null | undefined): string {
  if (missing(value)) return MISSING;
  return Math.abs(value) < COMPACT_FROM ? twoDecimals.format(value) : compact.format(value);
}

/**
 * A rate, with `unit` after it ("/s" unless told: " ev/s", " events/s", or "" where the unit is shown
 * apart). One rule everywhere: 0 → "0/s", below 0.1 → "<0.1/s", one decimal below 100 (48.6 → "48.6/s",
 * 7 → "7/s"), whole from 100 (1,204/s), compact from 10,000 (12.4K/s). Negative (a net drain): the same
 * rules with a sign.
 */
export function formatRate(perSec: number | null | undefined, unit = '/s'): string {
  if (missing(perSec)) return MISSING;
  const abs = Math.abs(perSec);
  let text: string;
  if (abs === 0) text = '0';
  else if (abs < 0.1) text = perSec > 0 ? '<0.1' : '>-0.1';
  else if (abs < 100) text = oneDecimal.format(perSec);
  else if (abs < COMPACT_FROM) text = whole.format(perSec);
  else text = compact.format(perSec);
  return text + unit;
}

/**
 * A 0..1 ratio as a percentage: 0 → "0%", 0.0004 → "<0.1%", 0.0234 → "2.3%", 0.513 → "51%", and
 * ">99%" rather than a rounded "100%" that is not all. Negative (a change): the same rules with a sign.
 */
export function formatPercent(ratio: number | null | undefined): string {
  if (missing(ratio)) return MISSING;
  const percent = ratio * 100;
  const abs = Math.abs(percent);
  const sign = percent < 0 ? '-' : '';
  if (abs === 0) return '0%';
  if (abs < 0.1) return `${sign}<0.1%`;
  if (abs < 10) return `${oneDecimal.format(percent)}%`;
  if (abs >= 99.5 && abs < 100) return `${sign}>99%`;
  return `${whole.format(percent)}%`;
}

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** Binary sizes, one decimal below 10: 812 → "812 B", 1207 → "1.2 KB", 3_400_000 → "3.2 MB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (missing(bytes) || bytes < 0) return MISSING;
  if (bytes < 1024) return `${whole.format(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${(value < 10 ? oneDecimal : whole).format(value)} ${BYTE_UNITS[unit]}`;
}

/** A count and its noun: plural(1, 'entry', 'entries') → "1 entry", plural(3000, 'key') → "3,000 keys". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
