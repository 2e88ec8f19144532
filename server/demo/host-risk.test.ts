import { describe, expect, it } from 'vitest';
import { hostRiskSpec, type HostRisk, type RaiseRisk } from './host-risk';

/** The host-risk aggregate's decisions and fold, pure: decay from event time, bands, redeliveries. */
describe('host-risk aggregate', () => {
  const spec = hostRiskSpec();
  const raise = spec.commands['host-risk.raise'];
  const step = (state: HostRisk, input: RaiseRisk): HostRisk => {
    const decided = raise.handle(state, input);
    const events = Array.isArray(decided) ? decided : [decided];
    return events.reduce((s, e) => spec.apply(s, e), state);
  };
  const input = (alertId: string, at: number, points = 30): RaiseRisk => ({
    alertId,
    severity: 'high',
    points,
    at,
  });

  it('adds points to the score decayed from the last raise (half-life 2 min), banded', () => {
    let state = spec.initial();
    state = step(state, input('a-1', 0));
    expect(state).toMatchObject({ score: 30, band: 'medium', alerts: 1 });
    state = step(state, input('a-2', 120_000, 50));
    expect(state).toMatchObject({ score: 65, band: 'high', alerts: 2, at: 120_000 });
    state = step(state, input('a-3', 120_000, 50));
    expect(state.score).toBe(100);
    expect(state.band).toBe('critical');
  });

  it('a redelivered alert decides nothing', () => {
    const state = step(spec.initial(), input('a-1', 0));
    expect(raise.handle(state, input('a-1', 10))).toEqual([]);
  });
});
