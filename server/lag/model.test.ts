import { describe, expect, it } from 'vitest';
import type { LagModel } from '@/server/contracts/lag';
import type { LagPoint } from './fit';
import { modelLag, type LagInput } from './model';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const STEP_MS = 10_000;

/** Samples every 10 s, the last one at `endMs`. */
function series(values: readonly number[], endMs = NOW): LagPoint[] {
  return values.map((lag, i) => ({ atMs: endMs - (values.length - 1 - i) * STEP_MS, lag }));
}

/** A line from `from` to `to` over `n` samples, with deterministic noise of ± `noise`. */
function line(from: number, to: number, n: number, noise = 0): number[] {
  return Array.from({ length: n }, (_, i) => {
    const wobble = noise * Math.sin(i * 2.3 + 1) * (i % 2 === 0 ? 1 : -1);
    return Math.round(from + ((to - from) * i) / (n - 1) + wobble);
  });
}

function model(values: readonly number[], overrides: Partial<LagInput> = {}): LagModel {
  const samples = series(values);
  return modelLag({
    nowMs: NOW,
    lag: values.at(-1) ?? null,
    samples,
    trafficPerSec: 2,
    oldestPendingMs: null,
    ...overrides,
  });
}

describe('modelLag', () => {
  it('says draining, with a time to clear, while the lag falls (564 → 388)', () => {
    const m = model(line(564, 388, 13));
    expect(m.state).toBe('draining');
    expect(m.tone).toBe('ok');
    expect(m.trend?.drainPerSec).toBeCloseTo(176 / 120, 1);
    expect(m.trend?.confidence).toBe('high');
    // 388 ÷ ≈1.47/s ≈ 265 s, rounded to 30 s
    expect(m.clear?.seconds).toBe(270);
    expect(m.clear?.minSeconds).toBeLessThanOrEqual(m.clear!.seconds);
    expect(m.clear?.maxSeconds).toBeGreaterThanOrEqual(m.clear!.seconds);
  });

  it('says not draining, and gives no time to clear, while the lag grows (351 → 499)', () => {
    const m = model(line(351, 499, 13));
    expect(m.state).toBe('not-draining');
    expect(m.tone).toBe('degraded');
    expect(m.trend?.drainPerSec).toBeLessThan(0);
    expect(m.clear).toBeNull();
  });

  it('says not draining when the lag holds flat', () => {
    const m = model(new Array<number>(13).fill(500));
    expect(m.state).toBe('not-draining');
    expect(m.trend?.r2).toBeNull();
    expect(m.trend?.confidence).toBe('high');
  });

  it('keeps a falling verdict through noise, with a range around the time to clear', () => {
    const m = model(line(2_000, 1_200, 13, 40));
    expect(m.state).toBe('draining');
    expect(m.clear).not.toBeNull();
    expect(m.trend!.drainErrorPerSec).toBeGreaterThan(0);
    expect(m.clear!.minSeconds).toBeLessThanOrEqual(m.clear!.seconds);
    expect(m.clear!.maxSeconds).toBeGreaterThanOrEqual(m.clear!.seconds);
  });

  it('is unsure, not "not draining", when noise hides any trend', () => {
    const m = model([500, 620, 410, 580, 450, 640, 390, 600, 430, 560, 470, 610, 420]);
    expect(m.state).toBe('unsure');
    expect(m.tone).toBe('unknown');
    expect(m.trend?.confidence).toBe('low');
  });

  it('is unsure with too few samples to fit a trend', () => {
    const m = model([900, 800, 700]);
    expect(m.state).toBe('unsure');
    expect(m.trend).toBeNull();
    expect(m.clear).toBeNull();
  });

  it('ignores samples older than the trend window', () => {
    const old = series([100, 200, 300, 400, 500], NOW - 10 * 60_000);
    const m = modelLag({ nowMs: NOW, lag: 500, samples: old, trafficPerSec: 0, oldestPendingMs: null });
    expect(m.trend).toBeNull();
    expect(m.state).toBe('unsure');
  });

  it('holds a verdict while the evidence only weakens: no flip-flopping between refreshes', () => {
    // falls clearly for two minutes, then levels off: the fit's evidence weakens below 95 %, stays above 68 %
    const values = [...line(1_000, 700, 13), 690, 720, 680, 715, 685, 705, 690, 700, 695, 680];
    const states: string[] = [];
    for (let end = 13; end <= values.length; end++) {
      const upTo = values.slice(0, end);
      const endMs = NOW - (values.length - end) * STEP_MS;
      states.push(
        modelLag({
          nowMs: endMs,
          lag: upTo.at(-1)!,
          samples: series(upTo, endMs),
          trafficPerSec: 2,
          oldestPendingMs: null,
        }).state,
      );
    }
    expect(new Set(states)).toEqual(new Set(['draining']));
  });

  it('needs twice the in-flight allowance to call a group behind, and leaves at the allowance', () => {
    // 10/s of traffic: 50 entries are in flight
    const keeping = model([40, 60, 80, 90, 70, 95], { trafficPerSec: 10 });
    expect(keeping.state).toBe('keeping-up');
    expect(keeping.laggingSince).toBeNull();
    const stays = model([40, 60, 120, 90, 70, 55], { trafficPerSec: 10 });
    expect(stays.state).not.toBe('keeping-up');
    expect(stays.laggingSince?.at).toBe(new Date(NOW - 3 * STEP_MS).toISOString());
  });

  it('dates the current spell behind, or says it began before the history', () => {
    const recent = model([0, 0, 0, 300, 320, 340, 360, 380], { trafficPerSec: 1 });
    expect(recent.laggingSince).toEqual({
      at: new Date(NOW - 4 * STEP_MS).toISOString(),
      sinceBefore: false,
    });
    const long = model(line(300, 500, 13), { trafficPerSec: 1 });
    expect(long.laggingSince).toEqual({ at: new Date(NOW - 12 * STEP_MS).toISOString(), sinceBefore: true });
  });

  it('uses the lag read now over the last sample, and says caught up at zero', () => {
    const m = model(line(564, 388, 13), { lag: 0 });
    expect(m.lag).toBe(0);
    expect(m.state).toBe('caught-up');
    expect(m.laggingSince).toBeNull();
    expect(m.clear).toBeNull();
  });

  it('is unknown when Redis cannot tell the lag', () => {
    const m = model(line(564, 388, 13), { lag: null });
    expect(m.state).toBe('unknown');
    expect(m.tone).toBe('unknown');
  });

  it('gives the oldest pending entry as an age', () => {
    const m = model([0], { oldestPendingMs: NOW - 134_000 });
    expect(m.oldestPendingAgeMs).toBe(134_000);
  });

  it('gives the same answer for the same samples in any order', () => {
    const values = line(564, 388, 13, 10);
    const a = modelLag({
      nowMs: NOW,
      lag: 388,
      samples: series(values),
      trafficPerSec: 2,
      oldestPendingMs: null,
    });
    const b = modelLag({
      nowMs: NOW,
      lag: 388,
      samples: [...series(values)].reverse(),
      trafficPerSec: 2,
      oldestPendingMs: null,
    });
    expect(b).toEqual(a);
  });
});
