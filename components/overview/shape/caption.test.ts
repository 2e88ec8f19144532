import { describe, expect, it } from 'vitest';
import { chartCaption } from './caption';

const utc = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('chartCaption', () => {
  it('names the range, then the step once data is there, then a late start', () => {
    expect(chartCaption('Events per second', '1h')).toBe('Events per second over the last hour');
    expect(chartCaption('Events per second', '24h', { stepSeconds: 60, recordedSince: null })).toBe(
      'Events per second over the last 24 hours, 1m steps',
    );
    expect(
      chartCaption('Lag', '15m', { stepSeconds: 10, recordedSince: Date.parse('2025-03-01T14:02:00Z') }, utc),
    ).toBe('Lag over the last 15 minutes, 10s steps · recorded since 14:02');
  });
});
