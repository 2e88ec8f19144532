import { describe, expect, it } from 'vitest';
import { explainEstimate, describeEstimate, describeRetention, idleTick, pendingSampleNote } from './labels';

describe('streams labels', () => {
  it('formats both kinds of retention', () => {
    expect(describeRetention({ maxLen: 50_000 })).toBe('≈ 50K entries');
    expect(describeRetention({ maxLen: 100 })).toBe('≈ 100 entries');
    expect(describeRetention({ maxAgeMs: 86_400_000 })).toBe('1d max age');
    expect(describeRetention({ maxAgeMs: 5_400_000 })).toBe('1h 30m max age');
  });

  it('words the time-to-clear estimate and explains it', () => {
    const drain = { perSec: 3.1, source: 'rates' as const };
    expect(describeEstimate({ kind: 'draining', seconds: 155.5, drain })).toBe('≈ 2m 35s');
    expect(describeEstimate({ kind: 'draining', seconds: 0.4, drain })).toBe('<1s');
    expect(describeEstimate({ kind: 'not-draining', drain: { ...drain, perSec: -2 } })).toBe('not draining');
    expect(describeEstimate({ kind: 'caught-up' })).toBe('caught up');
    expect(explainEstimate({ kind: 'draining', seconds: 155.5, drain }, 482)).toBe(
      'Lag 482 ÷ net drain 3.1/s (handled minus published per second, last minute).',
    );
    expect(explainEstimate({ kind: 'not-draining', drain: { ...drain, perSec: -16.64 } }, 4_310)).toBe(
      'The lag is not shrinking: net drain -16.6/s (handled minus published per second, last minute).',
    );
    expect(explainEstimate({ kind: 'keeping-up' }, 12_345)).toBe(
      'A lag of 12,345 is under 5s of traffic: entries in flight, not a backlog.',
    );
    expect(explainEstimate({ kind: 'unknown', reason: 'no samples' }, 3)).toBe('No estimate: no samples.');
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
