import { describe, expect, it } from 'vitest';
import { formatDelay, formatDuration, formatLatency } from './durations';

describe('formatLatency', () => {
  it('keeps sub-millisecond precision and drops it for slow calls', () => {
    expect([0, 0.005, 0.04, 0.1, 0.42, 3.14159, 9.96, 48.6, 182.6, 999.4].map(formatLatency)).toEqual([
      '0 ms',
      '0.005 ms',
      '0.04 ms',
      '0.1 ms',
      '0.42 ms',
      '3.1 ms',
      '10 ms',
      '49 ms',
      '183 ms',
      '999 ms',
    ]);
  });

  it('crosses from ms to s without "1,000 ms", and to a duration at a minute', () => {
    expect([999.95, 1_000, 2_345, 5_000, 59_990, 60_000, 65_000, 3_725_000].map(formatLatency)).toEqual([
      '1 s',
      '1 s',
      '2.35 s',
      '5 s',
      '59.99 s',
      '1m',
      '1m 5s',
      '1h 2m',
    ]);
  });

  it('shows a dash when there is no measurement', () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(formatLatency(value)).toBe('—');
    }
  });
});

describe('formatDelay', () => {
  it('signs the latency', () => {
    expect([105, 2_350, -100, 0, 125_000].map(formatDelay)).toEqual([
      '+105 ms',
      '+2.35 s',
      '-100 ms',
      '0 ms',
      '+2m 5s',
    ]);
    expect(formatDelay(Number.NaN)).toBe('—');
    expect(formatDelay(null)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('shows the two largest units and leaves out a zero second one', () => {
    expect(
      [
        0, 40, 999.95, 1_000, 42_000, 60_000, 125_000, 381_000, 3_600_000, 3_725_000, 5_400_500, 86_400_000,
      ].map(formatDuration),
    ).toEqual(['0s', '<1s', '<1s', '1s', '42s', '1m', '2m 5s', '6m 21s', '1h', '1h 2m', '1h 30m', '1d']);
    expect(formatDuration((2 * 86_400 + 3 * 3_600 + 59) * 1_000)).toBe('2d 3h');
  });

  it('counts whole seconds down, never up', () => {
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(155_500)).toBe('2m 35s');
  });

  it('separates huge day counts', () => {
    expect(formatDuration(1e12)).toBe('11,574d 1h');
  });

  it('rejects negative and missing input', () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(formatDuration(value)).toBe('—');
    }
  });
});
