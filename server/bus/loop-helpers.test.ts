import { describe, expect, it } from 'vitest';
import { untilAborted, withDeadline } from './deadline';
import { RateMeter } from './rate-meter';
import { Backoff, backoffMs, loopBackoff } from './retry';

describe('Backoff', () => {
  it('doubles from the base to the cap, and starts over after a reset', () => {
    const backoff = loopBackoff(100, 1_000);
    expect([1, 2, 3, 4, 5].map(() => backoff.next())).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoff.failures).toBe(5);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('draws the jittered share at random, within [1 - jitter, 1] of the delay', () => {
    const policy = { baseMs: 200, maxMs: 30_000, multiplier: 2, jitter: 0.5 };
    const low = new Backoff(policy, () => 0);
    const high = new Backoff(policy, () => 1);
    expect([low.next(), low.next()]).toEqual([100, 200]);
    expect([high.next(), high.next()]).toEqual([200, 400]);
  });

  it('stays at the cap however many failures (no Infinity or NaN)', () => {
    const policy = { baseMs: 0, maxMs: 5_000, multiplier: 2, jitter: 0 };
    expect(backoffMs(policy, 10_000)).toBe(0);
    expect(backoffMs({ ...policy, baseMs: 100 }, 10_000)).toBe(5_000);
  });
});

describe('withDeadline', () => {
  it('settles with the work when it is in time, and clears its timer', async () => {
    expect(await withDeadline(Promise.resolve(7), 1_000, () => -1)).toBe(7);
    await expect(withDeadline(Promise.reject(new Error('no')), 1_000, () => -1)).rejects.toThrow('no');
  });

  it('settles with the fallback (or its throw) once the time is up', async () => {
    const never = new Promise<number>(() => undefined);
    expect(await withDeadline(never, 5, () => -1)).toBe(-1);
    await expect(
      withDeadline(never, 5, () => {
        throw new Error('late');
      }),
    ).rejects.toThrow('late');
  });
});

describe('untilAborted', () => {
  it('stops waiting for work that never settles when the signal aborts', async () => {
    const stop = new AbortController();
    const waiting = untilAborted(new Promise<number>(() => undefined), stop.signal, () => 0);
    stop.abort();
    expect(await waiting).toBe(0);
    expect(await untilAborted(Promise.resolve(3), stop.signal, () => 0)).toBe(0);
    expect(await untilAborted(Promise.resolve(3), new AbortController().signal, () => 0)).toBe(3);
  });
});

describe('RateMeter', () => {
  it('counts the window ending now, the current bucket included', () => {
    const meter = new RateMeter(1_000, 10);
    meter.add(500, 10_000);
    meter.add(500, 10_500);
    expect(meter.perSecond(10_900)).toBe(1_000);
    expect(meter.perSecond(11_450)).toBe(500); // the bucket of 10,000 has left the window
    expect(meter.perSecond(11_550)).toBe(0);
    expect(meter.perSecond(20_000)).toBe(0);
  });

  it('counts complete buckets only when settled', () => {
    const meter = new RateMeter(10_000, 10);
    for (let second = 0; second < 20; second++) meter.add(100, second * 1_000 + 500);
    // seconds 9..18 are complete at 19.5 s; the partial second 19 is left out
    expect(meter.settledPerSecond(19_500)).toBe(100);
    expect(meter.perSecond(19_500)).toBe(100);
    expect(meter.settledPerSecond(25_000)).toBe(50); // seconds 15..19 of 15..24
  });
});
