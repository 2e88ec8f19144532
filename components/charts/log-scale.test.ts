import { describe, expect, it } from 'vitest';
import { logAxis } from './log-scale';

describe('logAxis', () => {
  it('spans whole decades around the data', () => {
    expect(logAxis([0.98, 169, 294, null])).toEqual({
      domain: [0.1, 1_000],
      ticks: [0.1, 1, 10, 100, 1_000],
    });
  });

  it('adds 2 and 5 on narrow spans', () => {
    expect(logAxis([3, 40])).toEqual({ domain: [1, 100], ticks: [1, 2, 5, 10, 20, 50, 100] });
    expect(logAxis([7])).toEqual({ domain: [1, 10], ticks: [1, 2, 5, 10] });
  });

  it('ignores zeros and gaps, and is null without a positive value', () => {
    expect(logAxis([0, null, 12])).toEqual({ domain: [10, 100], ticks: [10, 20, 50, 100] });
    expect(logAxis([0, null])).toBeNull();
  });
});
