import { describe, expect, it } from 'vitest';
import { fitLine, tQuantile } from './fit';

const at = (seconds: number) => Date.parse('2026-12-03T12:00:00Z') + seconds * 1000;

describe('fitLine', () => {
  it('fits an exact line with no error', () => {
    const fit = fitLine([0, 10, 20, 30, 40].map((s) => ({ atMs: at(s), lag: 1_000 - 5 * s })));
    expect(fit?.drainPerSec).toBeCloseTo(5);
    expect(fit?.drainErrorPerSec).toBeCloseTo(0);
    expect(fit?.r2).toBeCloseTo(1);
    expect(fit?.samples).toBe(5);
    expect(fit?.spanSeconds).toBe(40);
  });

  it('gives a standard error that grows with the scatter', () => {
    const tidy = fitLine([0, 10, 20, 30, 40, 50].map((s, i) => ({ atMs: at(s), lag: 500 + (i % 2) })));
    const rough = fitLine([0, 10, 20, 30, 40, 50].map((s, i) => ({ atMs: at(s), lag: 500 + (i % 2) * 50 })));
    expect(rough!.drainErrorPerSec).toBeGreaterThan(tidy!.drainErrorPerSec);
  });

  it('needs four samples over at least 30 s', () => {
    expect(fitLine([0, 10, 20].map((s) => ({ atMs: at(s), lag: s })))).toBeNull();
    expect(fitLine([0, 5, 10, 15].map((s) => ({ atMs: at(s), lag: s })))).toBeNull();
  });
});

describe('tQuantile', () => {
  it('is wider with fewer degrees of freedom and tends to the normal', () => {
    expect(tQuantile('sure', 2)).toBeGreaterThan(tQuantile('sure', 10));
    expect(tQuantile('sure', 500)).toBe(1.96);
    expect(tQuantile('likely', 500)).toBe(1);
  });
});
