/**
 * Time axis ticks for charts: a round interval chosen from the span, ticks aligned to the viewer's
 * clock (10:00, 10:10, … or midnights); the labels are formatTimeTick's (components/lib/format). Pure:
 * the time zone is a parameter so tests do not depend on the machine's.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const INTERVALS = [
  MINUTE,
  2 * MINUTE,
  3 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  4 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
] as const;

/** The smallest round interval that puts at most `maxTicks` ticks on the span. */
export function tickInterval(spanMs: number, maxTicks = 7): number {
  for (const interval of INTERVALS) if (spanMs / interval <= maxTicks) return interval;
  return 2 * DAY;
}

/**
 * Tick positions (epoch ms) inside [fromMs, toMs], on multiples of the interval in local time.
 * `offsetMinutes` is the zone's offset east of UTC (UTC+1 → 60) at `fromMs`; a DST change inside a
 * 7 day span moves later ticks by an hour, which an axis can live with.
 */
export function timeTicks(fromMs: number, toMs: number, offsetMinutes: number, maxTicks = 7): number[] {
  if (!(toMs > fromMs)) return [];
  const interval = tickInterval(toMs - fromMs, maxTicks);
  const offset = offsetMinutes * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil((fromMs + offset) / interval) * interval - offset; t <= toMs; t += interval) {
    ticks.push(t);
  }
  return ticks;
}

/** The viewer's offset east of UTC at `ms`, in minutes (Date's own offset has the opposite sign). */
export function localOffsetMinutes(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}
