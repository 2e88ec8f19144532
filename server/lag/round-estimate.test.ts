import { describe, expect, it } from 'vitest';
import { roundEstimate } from './round-estimate';

describe('roundEstimate', () => {
  it('rounds coarser as the estimate grows', () => {
    expect(roundEstimate(2)).toBe(1);
    expect(roundEstimate(63)).toBe(65);
    expect(roundEstimate(381)).toBe(390);
    expect(roundEstimate(1_234)).toBe(1_260);
    expect(roundEstimate(7_300)).toBe(7_200);
  });
});
