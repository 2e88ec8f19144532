import { describe, expect, it } from 'vitest';
import { formatBytes, formatCompact, formatCount, formatPercent, formatRate, plural } from './numbers';

const NOTHING = [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe('every number formatter', () => {
  it('shows a dash when there is no figure', () => {
    for (const format of [formatCount, formatCompact, formatRate, formatPercent, formatBytes]) {
      for (const value of NOTHING) expect(format(value)).toBe('—');
    }
  });
});

describe('formatCount', () => {
  it('is exact, whole and separated', () => {
    expect([0, 7, 999.95, 1_234, 1e6, -12_345, 1e15].map(formatCount)).toEqual([
      '0',
      '7',
      '1,000',
      '1,234',
      '1,000,000',
      '-12,345',
      '1,000,000,000,000,000',
    ]);
  });

  it('never shows a negative zero', () => {
    expect(formatCount(-0.4)).toBe('0');
  });
});

describe('formatCompact', () => {
  it('stays exact below 10,000 and keeps three significant digits above', () => {
    expect(
      [0, 0.04, 0.25, 48.6, 999.95, 9_999, 10_000, 12_345, 123_456, 999_950, 1e6, 4_560_000].map(
        formatCompact,
      ),
    ).toEqual(['0', '0.04', '0.25', '48.6', '999.95', '9,999', '10K', '12.3K', '123K', '1M', '1M', '4.56M']);
  });

  it('keeps the sign and does not break on huge values', () => {
    expect(formatCompact(-12_345)).toBe('-12.3K');
    expect(formatCompact(2.5e9)).toBe('2.5B');
    expect(formatCompact(1e15)).toBe('1000T');
  });
});

describe('formatRate', () => {
  it('has one rule for decimals', () => {
    expect(
      [0, 0.04, 0.1, 0.35, 7, 7.25, 48.6, 99.96, 999.95, 1_204.2, 12_400, 3_250_000].map((v) =>
        formatRate(v),
      ),
    ).toEqual([
      '0/s',
      '<0.1/s',
      '0.1/s',
      '0.4/s',
      '7/s',
      '7.3/s',
      '48.6/s',
      '100/s',
      '1,000/s',
      '1,204/s',
      '12.4K/s',
      '3.25M/s',
    ]);
  });

  it('keeps the sign of a net drain', () => {
    expect(formatRate(-16.64)).toBe('-16.6/s');
    expect(formatRate(-0.04)).toBe('>-0.1/s');
    expect(formatRate(-0.01 + 0.01)).toBe('0/s');
  });

  it('takes the unit the place needs, and none for a missing figure', () => {
    expect(formatRate(48.6, ' ev/s')).toBe('48.6 ev/s');
    expect(formatRate(48.6, '')).toBe('48.6');
    expect(formatRate(null, ' ev/s')).toBe('—');
  });
});

describe('formatPercent', () => {
  it('shows small shares with a decimal and large ones whole', () => {
    expect([0, 0.0004, 0.001, 0.0234, 0.05, 0.0999, 0.513, 0.996, 1, 1.5].map(formatPercent)).toEqual([
      '0%',
      '<0.1%',
      '0.1%',
      '2.3%',
      '5%',
      '10%',
      '51%',
      '>99%',
      '100%',
      '150%',
    ]);
  });

  it('keeps the sign of a change', () => {
    expect(formatPercent(-0.0234)).toBe('-2.3%');
    expect(formatPercent(-0.0004)).toBe('-<0.1%');
  });
});

describe('formatBytes', () => {
  it('picks a binary unit and keeps one decimal below 10', () => {
    expect([0, 812, 1_207, 48_000, 3_400_000, 5 * 1024 ** 4, 2 * 1024 ** 5].map(formatBytes)).toEqual([
      '0 B',
      '812 B',
      '1.2 KB',
      '47 KB',
      '3.2 MB',
      '5 TB',
      '2,048 TB',
    ]);
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('plural', () => {
  it('puts the count before the right noun', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(0, 'entry', 'entries')).toBe('0 entries');
    expect(plural(3_000, 'key')).toBe('3,000 keys');
  });
});
