import { describe, expect, it } from 'vitest';
import { formatCount, formatMsTick, formatNumber, formatPercent, formatRate, plural } from './units';

describe('formatNumber', () => {
  it('keeps precision where it matters and stays short for large figures', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.42)).toBe('0.42');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(4.25)).toBe('4.3');
    expect(formatNumber(7)).toBe('7');
    expect(formatNumber(1_234.5)).toBe('1,235');
    expect(formatNumber(45_600)).toBe('45.6K');
    expect(formatNumber(2_000_000)).toBe('2M');
  });

  it('shows a dash for missing values', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});

describe('units', () => {
  it('adds the unit', () => {
    expect(formatRate(52.04)).toBe('52 ev/s');
    expect(formatRate(null)).toBe('—');
    expect(formatCount(12_340)).toBe('12,340');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3_000, 'entry', 'entries')).toBe('3,000 entries');
  });

  it('formats ratios as percentages', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.0234)).toBe('2.3%');
    expect(formatPercent(0.05)).toBe('5%');
    expect(formatPercent(0.513)).toBe('51%');
  });
});

describe('formatMsTick', () => {
  it('labels log-scale latency ticks without noise', () => {
    expect(formatMsTick(0.1)).toBe('0.1 ms');
    expect(formatMsTick(20)).toBe('20 ms');
    expect(formatMsTick(1_000)).toBe('1 s');
    expect(formatMsTick(5_000)).toBe('5 s');
  });
});
