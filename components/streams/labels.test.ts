import { describe, expect, it } from 'vitest';
import { describeRetention, idleTick, pendingSampleNote } from './labels';

describe('streams labels', () => {
  it('formats both kinds of retention', () => {
    expect(describeRetention({ maxLen: 50_000 })).toBe('≈ 50K entries');
    expect(describeRetention({ maxLen: 100 })).toBe('≈ 100 entries');
    expect(describeRetention({ maxAgeMs: 86_400_000 })).toBe('1d max age');
    expect(describeRetention({ maxAgeMs: 5_400_000 })).toBe('1h 30m max age');
  });

  it('labels idle buckets by their upper bound', () => {
    expect(idleTick({ label: '0–1s', max: 1_000 })).toBe('<1s');
    expect(idleTick({ label: '5m–15m', max: 900_000 })).toBe('<15m');
    expect(idleTick({ label: '≥1h', max: null })).toBe('≥1h');
  });

  it('says what the pending histograms cover', () => {
    expect(pendingSampleNote({ total: 0, sampled: 0 }, 1_000)).toBe('no pending entries');
    expect(pendingSampleNote({ total: 15, sampled: 6 }, 1_000)).toBe('6 pending');
    expect(pendingSampleNote({ total: 4_310, sampled: 1_000 }, 1_000)).toBe('oldest 1,000 of 4,310');
  });
});
