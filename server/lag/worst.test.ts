import { describe, expect, it } from 'vitest';
import type { LagModel } from '@/server/contracts/lag';
import { worstOf } from './worst';

const model = (lag: number, tone: LagModel['tone']): LagModel => ({
  lag,
  at: '2026-12-03T12:00:00.000Z',
  state: tone === 'degraded' ? 'not-draining' : 'draining',
  tone,
  trend: null,
  clear: null,
  laggingSince: null,
  oldestPendingAgeMs: null,
  inFlightAllowance: 0,
});

describe('worstOf', () => {
  it('puts a group that is not draining before a larger lag that drains', () => {
    const items = [model(5_000, 'ok'), model(40, 'degraded'), model(900, 'ok')];
    expect(worstOf(items, (m) => m)?.lag).toBe(40);
  });

  it('takes the larger lag between equal verdicts, and nothing from nothing', () => {
    expect(worstOf([model(5, 'ok'), model(9, 'ok')], (m) => m)?.lag).toBe(9);
    expect(worstOf([], (m: LagModel) => m)).toBeNull();
  });
});
