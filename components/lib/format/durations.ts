/**
 * Spans of time, all in milliseconds. Two kinds with two names, so they are not confused:
 * formatLatency is a measurement (precise: "0.42 ms", "183 ms", "2.35 s"); formatDuration is a span
 * at a glance (whole seconds, two largest units: "6m 21s", "1h 2m"): uptime, waits, idle times,
 * thresholds, chart steps. A point in time relative to now is formatRelative (time.ts).
 */
import { MISSING } from './numbers';

const twoSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function valid(ms: number | null | undefined): ms is number {
  return ms !== null && ms !== undefined && Number.isFinite(ms) && ms >= 0;
}

/**
 * How long something took: 0.42 → "0.42 ms", 3.14 → "3.1 ms", 182.6 → "183 ms", 2345 → "2.35 s",
 * a minute or more as a duration ("1m 5s"). Negative (not a measurement) → "—".
 */
export function formatLatency(ms: number | null | undefined): string {
  if (!valid(ms)) return MISSING;
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${twoSignificant.format(ms)} ms`;
  if (ms < 10) return `${oneDecimal.format(ms)} ms`;
  // 999.6 would round to "1,000 ms": that is "1 s"
  if (ms < 999.5) return `${whole.format(ms)} ms`;
  if (ms < MINUTE) return `${twoDecimals.format(ms / SECOND)} s`;
  return formatDuration(ms);
}

/** A signed latency between two clocks: +105 → "+105 ms", -100 → "-100 ms", 2350 → "+2.35 s". */
export function formatDelay(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  if (ms === 0) return '0 ms';
  return `${ms < 0 ? '-' : '+'}${formatLatency(Math.abs(ms))}`;
}

/**
 * A span at a glance, in whole seconds and its two largest units, a zero second unit left out:
 * 0 → "0s", 400 → "<1s", 42_000 → "42s", 381_000 → "6m 21s", 3_600_000 → "1h", 3_725_000 → "1h 2m",
 * 183_600_000 → "2d 3h". Negative → "—".
 */
export function formatDuration(ms: number | null | undefined): string {
  if (!valid(ms)) return MISSING;
  if (ms === 0) return '0s';
  if (ms < SECOND) return '<1s';
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const seconds = Math.floor((ms % MINUTE) / SECOND);
  if (days > 0) return pair(whole.format(days), 'd', hours, 'h');
  if (hours > 0) return pair(hours, 'h', minutes, 'm');
  if (minutes > 0) return pair(minutes, 'm', seconds, 's');
  return `${seconds}s`;
}

function pair(big: number | string, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit} ${small}${smallUnit}`;
}
