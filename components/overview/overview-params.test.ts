import { describe, expect, it } from 'vitest';
import { readOverviewParams, refreshInterval, writeOverviewParams } from './overview-params';

describe('overview URL params', () => {
  it('reads the range and group, falling back to defaults for unknown values', () => {
    expect(readOverviewParams(new URLSearchParams('range=24h&group=threat.signals/validate'))).toEqual({
      range: '24h',
      group: 'threat.signals/validate',
    });
    expect(readOverviewParams(new URLSearchParams('range=2h&group=nogroup'))).toEqual({
      range: '1h',
      group: null,
    });
    expect(readOverviewParams(new URLSearchParams(''))).toEqual({ range: '1h', group: null });
  });

  it('writes only what differs from the defaults and keeps other parameters', () => {
    expect(writeOverviewParams(new URLSearchParams('x=1'), { range: '15m', group: null })).toBe(
      '?x=1&range=15m',
    );
    expect(writeOverviewParams(new URLSearchParams('range=15m'), { range: '1h', group: null })).toBe('');
    expect(writeOverviewParams(new URLSearchParams(''), { range: '7d', group: 'a/b' })).toBe(
      '?range=7d&group=a%2Fb',
    );
  });

  it('refreshes the short ranges every 10 s', () => {
    expect(refreshInterval('15m')).toBe(10_000);
    expect(refreshInterval('1h')).toBe(10_000);
    expect(refreshInterval('7d')).toBeGreaterThan(60_000);
  });
});
