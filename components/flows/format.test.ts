import { describe, expect, it } from 'vitest';
import { formatAge, formatCount, formatPercent, formatRate } from './format';

describe('flow figures', () => {
  it('formats rates short', () => {
    expect([0, -1, Number.NaN, 0.04, 0.36, 1, 7.25, 48.6, 999.4, 12_400, 3_250_000].map(formatRate)).toEqual([
      '0',
      '0',
      '0',
      '<0.1',
      '0.4',
      '1',
      '7.3',
      '49',
      '999',
      '12.4k',
      '3.3M',
    ]);
  });

  it('formats counts with separators, then in thousands and millions', () => {
    expect([0, 999, 12_345, 123_456, 4_500_000, Number.POSITIVE_INFINITY].map(formatCount)).toEqual([
      '0',
      '999',
      '12,345',
      '123k',
      '4.5M',
      '—',
    ]);
  });

  it('formats error rates as percentages', () => {
    expect([0, 0.0004, 0.05, 0.052, 0.5, 1].map(formatPercent)).toEqual([
      '0%',
      '<0.1%',
      '5%',
      '5.2%',
      '50%',
      '100%',
    ]);
  });

  it('formats the age of the oldest waiting entry', () => {
    expect([0, 400, 1_000, 130_000, 3_725_000, -5].map(formatAge)).toEqual([
      '<1s',
      '<1s',
      '1s',
      '2m 10s',
      '1h 2m',
      '—',
    ]);
  });
});
