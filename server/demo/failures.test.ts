import { describe, expect, it } from 'vitest';
import { DependencyError, FailureInjector, type Outage } from './failures';
import { Dice } from './random';

const OUTAGE: Outage = {
  site: 'report',
  message: 'object storage unavailable',
  startsAfterMs: 1_000,
  everyMs: 10_000,
  forMs: 2_000,
};

describe('FailureInjector outages', () => {
  it('fails every attempt at the site while the outage lasts, and none after it', () => {
    let now = 0;
    // dice that never roll a failure: only the outage fails
    const failures = new FailureInjector(new Dice(() => 0.999), 0.05, OUTAGE, () => now);
    const attempt = (site: 'report' | 'enrich', n: number) => () => failures.transient(site, { attempt: n });

    expect(attempt('report', 1)).not.toThrow(); // before the first window
    now = 1_500;
    for (const n of [1, 2, 3, 5]) expect(attempt('report', n)).toThrow(DependencyError);
    expect(attempt('report', 1)).toThrow('object storage unavailable');
    expect(attempt('enrich', 1)).not.toThrow(); // another dependency is up
    now = 3_500; // the window is over: a replay now succeeds
    expect(attempt('report', 1)).not.toThrow();
    now = 11_200; // the next window
    expect(failures.down('report')).toBe(true);
  });

  it('has no outage when failures are off', () => {
    const failures = new FailureInjector(new Dice(() => 0.999), 0, OUTAGE, () => 1_500);
    expect(failures.down('report')).toBe(false);
  });
});
