import { describe, expect, it } from 'vitest';
import {
  explainEstimate,
  formatCount,
  formatAge,
  formatEstimate,
  formatIdle,
  formatRate,
  formatRetention,
  formatShare,
  idleTick,
  pendingSampleNote,
} from './format';

describe('streams formatters', () => {
  it('formats counts and rates for dense columns', () => {
    expect(formatCount(50_000)).toBe('50,000');
    expect(formatCount(null)).toBe('—');
    expect(formatRate(0)).toBe('0');
    expect(formatRate(0.04)).toBe('<0.1');
    expect(formatRate(7.734)).toBe('7.7');
    expect(formatRate(1_204.2)).toBe('1,204');
    expect(formatRate(-16.64)).toBe('-16.6');
  });

  it('formats shares', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.0232)).toBe('2.3%');
    expect(formatShare(0.0004)).toBe('<0.1%');
  });

  it('formats both kinds of retention', () => {
    expect(formatRetention({ maxLen: 50_000 })).toBe('≈ 50K entries');
    expect(formatRetention({ maxLen: 100 })).toBe('≈ 100 entries');
    expect(formatRetention({ maxAgeMs: 86_400_000 })).toBe('1d max age');
    expect(formatRetention({ maxAgeMs: 5_400_000 })).toBe('90m max age');
    expect(formatRetention({ maxAgeMs: 5_400_500 })).toBe('1h 30m max age');
  });

  it('formats idle times from milliseconds up', () => {
    expect(formatIdle(25)).toBe('25 ms');
    expect(formatIdle(4_200)).toBe('4s');
    expect(formatIdle(125_000)).toBe('2m 5s');
    expect(formatIdle(null)).toBe('—');
  });

  it('words the time-to-clear estimate and explains it', () => {
    const drain = { perSec: 3.1, source: 'rates' as const };
    expect(formatEstimate({ kind: 'draining', seconds: 155.5, drain })).toBe('≈ 2m 35s');
    expect(formatEstimate({ kind: 'draining', seconds: 0.4, drain })).toBe('< 1s');
    expect(formatEstimate({ kind: 'not-draining', drain: { ...drain, perSec: -2 } })).toBe('not draining');
    expect(formatEstimate({ kind: 'caught-up' })).toBe('caught up');
    expect(explainEstimate({ kind: 'draining', seconds: 155.5, drain }, 482)).toBe(
      'Lag 482 ÷ net drain 3.1/s (handled minus published per second, last minute).',
    );
    expect(explainEstimate({ kind: 'unknown', reason: 'no samples' }, 3)).toBe('No estimate: no samples.');
  });

  it('labels idle buckets by their upper bound, and thresholds in whole units', () => {
    expect(idleTick({ label: '0–1s', max: 1_000 })).toBe('<1s');
    expect(idleTick({ label: '5m–15m', max: 900_000 })).toBe('<15m');
    expect(idleTick({ label: '≥1h', max: null })).toBe('≥1h');
    expect(formatAge(60_000)).toBe('1m');
  });

  it('says what the pending histograms cover', () => {
    expect(pendingSampleNote({ total: 0, sampled: 0 }, 1_000)).toBe('no pending entries');
    expect(pendingSampleNote({ total: 15, sampled: 6 }, 1_000)).toBe('6 pending');
    expect(pendingSampleNote({ total: 4_310, sampled: 1_000 }, 1_000)).toBe('oldest 1,000 of 4,310');
  });
});
