import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDate,
  formatDateTime,
  formatListTime,
  formatRelative,
  formatTimeTick,
  formatTimeZone,
} from './time';

const at = (iso: string) => Date.parse(iso);

describe('formatClock', () => {
  const t = at('2026-12-03T09:26:53.123Z');

  it('shows the time of day to the millisecond, second or minute', () => {
    expect(formatClock(t, 'millisecond', 'UTC')).toBe('09:26:53.123');
    expect(formatClock(t, 'second', 'UTC')).toBe('09:26:53');
    expect(formatClock(t, 'minute', 'UTC')).toBe('09:26');
  });

  it('takes epoch ms, a Date or an ISO string, in the zone asked', () => {
    expect(formatClock(new Date(t), 'millisecond', 'Asia/Kolkata')).toBe('14:56:53.123');
    expect(formatClock('2026-12-03T00:00:00.007Z', 'millisecond', 'UTC')).toBe('00:00:00.007');
  });

  it('shows a dash for what is not a time', () => {
    for (const value of [null, undefined, Number.NaN, 'yesterday']) expect(formatClock(value)).toBe('—');
  });
});

describe('formatDateTime', () => {
  it('writes the date, the time and the zone as an offset', () => {
    const t = at('2026-12-03T09:26:53.123Z');
    expect(formatDateTime(t, 'UTC')).toBe('2026-12-03 09:26:53.123 UTC');
    expect(formatDateTime(t, 'Europe/Berlin')).toBe('2026-12-03 10:26:53.123 UTC+01:00');
    expect(formatDateTime(t, 'Asia/Kolkata')).toBe('2026-12-03 14:56:53.123 UTC+05:30');
    expect(formatDateTime(t, 'America/New_York')).toBe('2026-12-03 04:26:53.123 UTC-05:00');
  });

  it('follows summer time', () => {
    expect(formatDateTime('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-01 14:00:00.000 UTC+02:00');
  });

  it('uses the viewer zone by default', () => {
    expect(formatDateTime(0)).toMatch(/^19(69-12-31|70-01-01) \d\d:\d\d:00\.000 UTC([+-]\d\d:\d\d)?$/);
  });

  it('shows a dash for what is not a time', () => {
    expect(formatDateTime(Number.NaN)).toBe('—');
    expect(formatDateTime('nope')).toBe('—');
  });
});

describe('formatDate and formatListTime', () => {
  const t = at('2026-12-03T09:26:53.123Z');

  it('writes dates year first', () => {
    expect(formatDate(t, 'UTC')).toBe('2026-12-03');
    expect(formatDate(t, 'Pacific/Auckland')).toBe('2026-12-03');
    expect(formatDate(t, 'America/Los_Angeles')).toBe('2026-12-03');
    expect(formatDate('not a time', 'UTC')).toBe('—');
  });

  it('shows the time of day for today and the date with it for any other day', () => {
    expect(formatListTime(t, at('2026-12-03T23:59:00Z'), 'UTC')).toBe('09:26:53.123');
    expect(formatListTime(t, at('2026-12-04T00:00:01Z'), 'UTC')).toBe('2026-12-03 09:26:53.123');
    // the clock and the day are the viewer's zone's
    expect(formatListTime(at('2026-12-03T09:26:53.123Z'), at('2026-12-03T12:00:00Z'), 'Asia/Tokyo')).toBe(
      '18:26:53.123',
    );
    expect(formatListTime(null, t, 'UTC')).toBe('—');
  });
});

describe('formatTimeZone', () => {
  it('names the zone by its offset at that time', () => {
    expect(formatTimeZone(at('2026-01-15T00:00:00Z'), 'Europe/London')).toBe('UTC');
    expect(formatTimeZone(at('2026-07-15T00:00:00Z'), 'Europe/London')).toBe('UTC+01:00');
  });
});

describe('formatRelative', () => {
  const now = at('2025-01-01T12:00:00Z');

  it('says "just now" for the last few seconds', () => {
    expect(formatRelative(now - 2_000, now)).toBe('just now');
  });

  it('picks the unit by distance, either way', () => {
    expect(formatRelative(new Date(now - 30_000), now)).toBe('30 sec. ago');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 min. ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 hr. ago');
    expect(formatRelative(now - 3 * 86_400_000, now)).toBe('3 days ago');
    expect(formatRelative(now + 2 * 3_600_000, now)).toBe('in 2 hr.');
  });

  it('shows a dash for what is not a time', () => {
    expect(formatRelative('nope', now)).toBe('—');
  });
});

describe('formatTimeTick', () => {
  const MIN = 60_000;

  it('labels ticks by the time of day, and midnights of long spans by the day', () => {
    expect(formatTimeTick(at('2025-03-01T14:30:00Z'), 60 * MIN, 'UTC')).toBe('14:30');
    expect(formatTimeTick(at('2025-03-03T00:00:00Z'), 60 * MIN, 'UTC')).toBe('00:00');
    expect(formatTimeTick(at('2025-03-03T00:00:00Z'), 7 * 24 * 60 * MIN, 'UTC')).toBe('Mon 3');
    expect(formatTimeTick(at('2025-03-03T06:00:00Z'), 7 * 24 * 60 * MIN, 'UTC')).toBe('06:00');
  });
});
