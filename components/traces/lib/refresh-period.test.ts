import { describe, expect, it } from 'vitest';
import { refreshPeriodMs } from './refresh-period';

describe('refreshPeriodMs', () => {
  it('keeps the base period up to 1,000 rows, then one more per 1,000', () => {
    expect(refreshPeriodMs(1_000, 0)).toBe(1_000);
    expect(refreshPeriodMs(1_000, 1_000)).toBe(1_000);
    expect(refreshPeriodMs(1_000, 1_001)).toBe(2_000);
    expect(refreshPeriodMs(5_000, 10_000)).toBe(50_000);
  });
});
