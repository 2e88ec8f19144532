import { describe, expect, it } from 'vitest';
import { tickInterval, timeTicks } from './time-axis';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);

describe('tickInterval', () => {
  it('picks a round interval for each range', () => {
    expect(tickInterval(15 * MIN)).toBe(3 * MIN);
    expect(tickInterval(60 * MIN)).toBe(10 * MIN);
    expect(tickInterval(24 * 60 * MIN)).toBe(4 * 60 * MIN);
    expect(tickInterval(7 * 24 * 60 * MIN)).toBe(24 * 60 * MIN);
  });
});

describe('timeTicks', () => {
  it('aligns ticks to round minutes inside the span', () => {
    const ticks = timeTicks(at('2025-03-01T11:46:10Z'), at('2025-03-01T12:01:00Z'), 0);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '11:48',
      '11:51',
      '11:54',
      '11:57',
      '12:00',
    ]);
  });

  it('aligns day ticks to local midnight', () => {
    // UTC+1: local midnight is 23:00 UTC the day before
    const ticks = timeTicks(at('2025-03-01T10:00:00Z'), at('2025-03-08T10:00:00Z'), 60);
    expect(ticks).toHaveLength(7);
    expect(new Date(ticks[0]!).toISOString()).toBe('2025-03-01T23:00:00.000Z');
  });

  it('has no ticks on an empty span', () => {
    expect(timeTicks(10, 10, 0)).toEqual([]);
  });
});
