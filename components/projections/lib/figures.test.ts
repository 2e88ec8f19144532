import { describe, expect, it } from 'vitest';
import type { ProjectionGeneration } from '@/server/contracts/projections';
import { compareIds, latestPosition, rebuildShare } from './figures';

const generation = (positions: (string | null)[]): ProjectionGeneration => ({
  generation: 1,
  role: 'active',
  topics: positions.map((position, i) => ({
    topic: `t${i}`,
    position,
    lag: 0,
    lagMs: null,
    trimmedUnread: false,
  })),
  lag: 0,
  lagMs: null,
  ratePerSec: 0,
  applied: 0,
  duplicates: 0,
  skipped: 0,
  errors: 0,
  lastError: null,
  committedAt: null,
  held: true,
  holder: null,
});

describe('projection figures', () => {
  it('compares entry ids by time, then by sequence (not as text)', () => {
    expect(compareIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareIds('10-1', '10-1')).toBe(0);
  });

  it('takes the furthest checkpoint over the topics; null before any', () => {
    expect(latestPosition(generation([null, '1700000000000-3', '1700000000000-12']))).toBe(
      '1700000000000-12',
    );
    expect(latestPosition(generation([null, null]))).toBeNull();
  });

  it('measures a rebuild against the largest lag seen since it started', () => {
    expect(rebuildShare(0, 0)).toBeNull();
    expect(rebuildShare(250, 1000)).toBe(0.75);
    expect(rebuildShare(0, 1000)).toBe(1);
    expect(rebuildShare(1200, 1000)).toBe(0);
  });
});
