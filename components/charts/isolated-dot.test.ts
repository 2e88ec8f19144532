import { describe, expect, it } from 'vitest';
import { isIsolated } from './isolated-dot';

describe('isIsolated', () => {
  it('is true only for a present value between two gaps (or a gap and an edge)', () => {
    const values = [null, 5, null, 3, 4, null, 0];
    expect(isIsolated(values, 1)).toBe(true);
    expect(isIsolated(values, 3)).toBe(false);
    expect(isIsolated(values, 4)).toBe(false);
    expect(isIsolated(values, 6)).toBe(true); // zero is a value; the end of the line is an edge
    expect(isIsolated(values, 0)).toBe(false);
    expect(isIsolated([7], 0)).toBe(true);
  });
});
