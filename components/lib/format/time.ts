/**
 * Points in time. Every absolute time is in the viewer's local zone (the browser's), and where a
 * time stands alone (tooltips, drawers) the zone is written out as an offset ("UTC+01:00"), which,
 * unlike "CET" or "IST", means one thing. Lists show the time of day without the zone (put it in the
 * column header: formatTimeZone). `timeZone` parameters exist so tests do not depend on the machine.
 */
import { MISSING } from './numbers';

type Instant = Date | number | string;
type Precision = 'minute' | 'second' | 'millisecond';

const CLOCK_OPTIONS: Record<Precision, Intl.DateTimeFormatOptions> = {
  minute: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  second: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  millisecond: {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  },
};
const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  ...CLOCK_OPTIONS.millisecond,
  timeZoneName: 'longOffset',
};
const DAY_OPTIONS: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric' };

type FormatKey = Precision | 'dateTime' | 'day';
const OPTIONS: Record<FormatKey, Intl.DateTimeFormatOptions> = {
  ...CLOCK_OPTIONS,
  dateTime: DATE_TIME_OPTIONS,
  day: DAY_OPTIONS,
};

/** Formatters of the local zone, built once; other zones (tests) are built on first use and kept. */
const local = Object.fromEntries(
  Object.entries(OPTIONS).map(([key, options]) => [key, new Intl.DateTimeFormat('en-GB', options)]),
) as Record<FormatKey, Intl.DateTimeFormat>;
const zoned = new Map<string, Intl.DateTimeFormat>();

function formatter(key: FormatKey, timeZone: string | undefined): Intl.DateTimeFormat {
  if (timeZone === undefined) return local[key];
  const id = `${key} ${timeZone}`;
  let made = zoned.get(id);
  if (!made) {
    made = new Intl.DateTimeFormat('en-GB', { ...OPTIONS[key], timeZone });
    zoned.set(id, made);
  }
  return made;
}

function toMs(value: Instant | null | undefined): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}

/**
 * The time of day, for lists and axes: "09:26:53.123" (default), "09:26:53" ('second'), "09:26"
 * ('minute'). Accepts a Date, epoch milliseconds or an ISO string.
 */
export function formatClock(
  value: Instant | null | undefined,
  precision: Precision = 'millisecond',
  timeZone?: string,
): string {
  const ms = toMs(value);
  return Number.isFinite(ms) ? formatter(precision, timeZone).format(ms) : MISSING;
}

/** "GMT+05:30" → "UTC+05:30"; "GMT" or "GMT+00:00" → "UTC". */
function zoneLabel(gmt: string): string {
  return gmt === 'GMT' || gmt === 'GMT+00:00' ? 'UTC' : gmt.replace('GMT', 'UTC');
}

/**
 * The unambiguous date and time, for tooltips and drawers: "2026-12-03 09:26:53.123 UTC+01:00".
 * Accepts a Date, epoch milliseconds or an ISO string.
 */
export function formatDateTime(value: Instant | null | undefined, timeZone?: string): string {
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return MISSING;
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter('dateTime', timeZone).formatToParts(ms)) parts[part.type] = part.value;
  const { year, month, day, hour, minute, second, fractionalSecond, timeZoneName = 'GMT' } = parts;
  return `${year}-${month}-${day} ${hour}:${minute}:${second}.${fractionalSecond} ${zoneLabel(timeZoneName)}`;
}

/** The calendar date, year first: "2026-12-03". */
export function formatDate(value: Instant | null | undefined, timeZone?: string): string {
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return MISSING;
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter('dateTime', timeZone).formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * A list's time column: "09:26:53.123" for a time on the same day as `now`, "2026-12-02 09:26:53.123"
 * for any other day, so a time of day is never taken for today's.
 */
export function formatListTime(value: Instant | null | undefined, now: number, timeZone?: string): string {
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return MISSING;
  const clock = formatClock(ms, 'millisecond', timeZone);
  const day = formatDate(ms, timeZone);
  return day === formatDate(now, timeZone) ? clock : `${day} ${clock}`;
}

/** The zone absolute times are shown in, as an offset at `at` (default now): "UTC+01:00", "UTC". */
export function formatTimeZone(at: Instant = Date.now(), timeZone?: string): string {
  const ms = toMs(at);
  const name = formatter('dateTime', timeZone)
    .formatToParts(Number.isFinite(ms) ? ms : Date.now())
    .find((part) => part.type === 'timeZoneName');
  return zoneLabel(name?.value ?? 'GMT');
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });

/** How long ago (or how soon) from `now`: "just now", "12 sec. ago", "3 min. ago", "in 2 hr.". */
export function formatRelative(value: Instant | null | undefined, now: number): string {
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return MISSING;
  const diffS = Math.round((ms - now) / 1_000);
  const abs = Math.abs(diffS);
  if (abs < 5) return 'just now';
  if (abs < 60) return relative.format(diffS, 'second');
  if (abs < 3_600) return relative.format(Math.round(diffS / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(diffS / 3_600), 'hour');
  return relative.format(Math.round(diffS / 86_400), 'day');
}

/**
 * A time-axis tick: "14:30" on spans up to a day (and on any tick off midnight), "Mon 3" for the
 * midnights of longer spans.
 */
export function formatTimeTick(ms: number, spanMs: number, timeZone?: string): string {
  const clock = formatClock(ms, 'minute', timeZone);
  if (spanMs <= 86_400_000 || clock !== '00:00') return clock;
  return formatter('day', timeZone).format(ms);
}
