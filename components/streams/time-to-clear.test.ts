import { describe, expect, it } from 'vitest';
import { estimateTimeToClear, measuredDrain, netDrain, type DrainInput } from './time-to-clear';

const flat = (n: number, value: number | null = null) => new Array<number | null>(n).fill(value);

/** The demo's SIEM export group: an SDK group on threat.analyzed, behind. */
const siem: DrainInput = {
  lag: 482,
  inPerSec: 33.1,
  handledPerSec: 36.2,
  failedPerSec: 0,
  trend: flat(90),
  trendStepSeconds: 10,
};

describe('estimateTimeToClear', () => {
  it('divides the lag by handled − published for groups that report handling', () => {
    const estimate = estimateTimeToClear(siem);
    expect(estimate.kind).toBe('draining');
    if (estimate.kind !== 'draining') return;
    expect(estimate.drain).toEqual({ perSec: expect.closeTo(3.1, 5), source: 'rates' });
    expect(estimate.seconds).toBeCloseTo(482 / 3.1, 5);
  });

  it('says "not draining" when the net rate is zero or negative', () => {
    expect(estimateTimeToClear({ ...siem, handledPerSec: 33.1 })).toMatchObject({
      kind: 'not-draining',
      drain: { perSec: 0 },
    });
    expect(estimateTimeToClear({ ...siem, handledPerSec: 16.5 })).toMatchObject({
      kind: 'not-draining',
      drain: { perSec: expect.closeTo(-16.6, 5) },
    });
  });

  it('calls a group caught up at zero lag, and keeping up within five seconds of traffic', () => {
    expect(estimateTimeToClear({ ...siem, lag: 0 })).toEqual({ kind: 'caught-up' });
    // tickets/assignment: lag 2 at ~52 ev/s is a batch in flight, not a backlog
    expect(estimateTimeToClear({ ...siem, lag: 2, inPerSec: 52, handledPerSec: 51.98 })).toEqual({
      kind: 'keeping-up',
    });
    expect(estimateTimeToClear({ ...siem, lag: 17, inPerSec: 3.5, handledPerSec: 3.4 })).toEqual({
      kind: 'keeping-up',
    });
    expect(estimateTimeToClear({ ...siem, lag: 18, inPerSec: 3.5, handledPerSec: 3.4 }).kind).toBe(
      'not-draining',
    );
    // without traffic, even a lag of 1 is a backlog nobody drains
    expect(estimateTimeToClear({ ...siem, lag: 1, inPerSec: 0, handledPerSec: 0 })).toMatchObject({
      kind: 'unknown',
    });
  });

  it('measures the drain from recorded lag when the group reports nothing (foreign consumers)', () => {
    const trend = [...flat(83), 900, 800, 700, 600, 500, 400, 300];
    const estimate = estimateTimeToClear({
      ...siem,
      lag: 300,
      handledPerSec: 0,
      inPerSec: 5,
      trend,
    });
    expect(estimate).toMatchObject({ kind: 'draining', drain: { perSec: 10, source: 'trend' } });
    expect(estimate.kind === 'draining' && estimate.seconds).toBe(30);
  });

  it('cannot tell without a lag or without anything to measure', () => {
    expect(estimateTimeToClear({ ...siem, lag: null })).toMatchObject({ kind: 'unknown' });
    expect(estimateTimeToClear({ ...siem, handledPerSec: 0, inPerSec: 1 })).toMatchObject({
      kind: 'unknown',
      reason: expect.stringMatching(/no handling rate/),
    });
  });
});

describe('netDrain', () => {
  it('prefers the rates; without a topic rate it falls back to the trend', () => {
    expect(netDrain(siem)?.source).toBe('rates');
    expect(netDrain({ ...siem, inPerSec: null })).toBeNull();
    expect(netDrain({ ...siem, inPerSec: null, trend: [...flat(80), 50, null, 30] })).toEqual({
      perSec: 1,
      source: 'trend',
    });
  });
});

describe('measuredDrain', () => {
  it('reads the last minute of samples, skipping gaps', () => {
    expect(measuredDrain([...flat(80), 100, null, null, 40], 10)).toBe(2);
    // samples older than a minute are not used
    expect(measuredDrain([1_000, ...flat(10), 40], 10)).toBeNull();
  });

  it('needs two samples at least 20 s apart', () => {
    expect(measuredDrain(flat(90), 10)).toBeNull();
    expect(measuredDrain([...flat(88), 50, 40], 10)).toBeNull();
    expect(measuredDrain([...flat(87), 40, 45, 50], 10)).toBe(-0.5);
  });
});
