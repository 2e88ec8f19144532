import { describe, expect, it } from 'vitest';
import { formatSettingValue } from './settings-value';

describe('formatSettingValue', () => {
  it('formats each kind of setting through the formatting module', () => {
    expect(formatSettingValue({ value: 262_144, unit: 'bytes' })).toBe('256 KB');
    expect(formatSettingValue({ value: 7, unit: 'days' })).toBe('7 days');
    expect(formatSettingValue({ value: 60, unit: 'seconds' })).toBe('1m');
    expect(formatSettingValue({ value: 50, unit: 'per-second' })).toBe('50 events/s');
    expect(formatSettingValue({ value: 4, unit: 'count' })).toBe('4');
    expect(formatSettingValue({ value: 12_000, unit: 'count' })).toBe('12,000');
    expect(formatSettingValue({ value: 3430 })).toBe('3430');
    expect(formatSettingValue({ value: true })).toBe('on');
    expect(formatSettingValue({ value: ['type', 'eventType'] })).toBe('type, eventType');
    expect(formatSettingValue({ value: 'redis://:***@127.0.0.1:6390' })).toBe('redis://:***@127.0.0.1:6390');
  });
});
