import { describe, expect, it } from 'vitest';
import { formatBytes, formatDelay } from './format-size';

describe('formatBytes', () => {
  it('picks a unit and keeps one decimal for small values', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(1207)).toBe('1.2 KB');
    expect(formatBytes(48_000)).toBe('47 KB');
    expect(formatBytes(3_400_000)).toBe('3.2 MB');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatDelay', () => {
  it('says how long after the event time it was recorded', () => {
    expect(formatDelay('2026-11-22T15:31:23.253Z', '2026-11-22T15:31:23.358Z')).toBe('+105 ms');
    expect(formatDelay('2026-11-22T15:31:23.253Z', '2026-11-22T15:31:25.603Z')).toBe('+2.35 s');
    expect(formatDelay('2026-11-22T15:31:23.253Z', '2026-11-22T15:31:23.153Z')).toBe('−100 ms');
    expect(formatDelay('nope', '2026-11-22T15:31:23.153Z')).toBeNull();
  });
});
