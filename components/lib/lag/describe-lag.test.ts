import { describe, expect, it } from 'vitest';
import type { LagModel } from '@/server/contracts/lag';
import { clearRange, clearText, explainLag, laggingSince, lagVerdict, oldestPending } from './describe-lag';

const base: LagModel = {
  lag: 388,
  at: '2026-12-03T12:00:00.000Z',
  state: 'draining',
  tone: 'ok',
  trend: {
    samples: 12,
    spanSeconds: 110,
    drainPerSec: 1.47,
    drainErrorPerSec: 0.1,
    r2: 0.98,
    confidence: 'high',
  },
  clear: { seconds: 270, minSeconds: 240, maxSeconds: 300 },
  laggingSince: { at: '2026-12-03T11:58:00.000Z', sinceBefore: false },
  oldestPendingAgeMs: 134_000,
  inFlightAllowance: 10,
};

describe('lag words', () => {
  it('gives a draining group its time to clear and the range', () => {
    expect(clearText(base)).toBe('≈ 4m 30s');
    expect(clearRange(base)).toBe('likely 4m – 5m');
    expect(explainLag(base)).toContain('sure (95 %), 12 samples over 1m 50s');
  });

  it('says the verdict where there is no time to clear', () => {
    const growing: LagModel = { ...base, state: 'not-draining', tone: 'degraded', clear: null };
    expect(clearText(growing)).toBe('not draining');
    expect(lagVerdict(growing)).toBe('not draining');
    expect(clearText({ ...base, state: 'keeping-up', clear: null })).toBe('keeping up');
  });

  it('shows the oldest pending entry as an age, not an id', () => {
    expect(oldestPending(base)).toBe('oldest pending 2m 14s');
    expect(oldestPending({ ...base, oldestPendingAgeMs: null })).toBeNull();
  });

  it('says since when the group lags', () => {
    expect(laggingSince(base)).toMatch(/^lagging since \d\d:\d\d:\d\d$/);
    expect(laggingSince({ ...base, laggingSince: { at: base.at, sinceBefore: true } })).toMatch(
      /^lagging since before /,
    );
  });
});
