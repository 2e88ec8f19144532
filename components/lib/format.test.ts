import { describe, expect, it } from 'vitest';
import { formatDuration, formatLatency, formatRelative } from './format';

describe('formatLatency', () => {
  it('keeps sub-millisecond precision and drops it for slow calls', () => {
    expect(formatLatency(0.42)).toBe('0.42 ms');
    expect(formatLatency(3.14159)).toBe('3.1 ms');
    expect(formatLatency(182.6)).toBe('183 ms');
    expect(formatLatency(2_345)).toBe('2.35 s');
  });

  it('shows a dash when there is no measurement', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(Number.NaN)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(125)).toBe('2m 5s');
    expect(formatDuration(3_725)).toBe('1h 2m');
    expect(formatDuration(2 * 86_400 + 3 * 3_600 + 59)).toBe('2d 3h');
  });

  it('rejects negative and non-finite input', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  it('says "just now" for the last few seconds', () => {
    expect(formatRelative(new Date(now - 2_000), now)).toBe('just now');
  });

  it('picks the unit by distance', () => {
    expect(formatRelative(new Date(now - 30_000), now)).toBe('30 sec. ago');
    expect(formatRelative(new Date(now - 5 * 60_000), now)).toBe('5 min. ago');
    expect(formatRelative(new Date(now - 3 * 3_600_000), now)).toBe('3 hr. ago');
  });
});
