import { describe, expect, it } from 'vitest';
import { longestLiteral, normaliseMessage } from './error-pattern';

describe('longestLiteral', () => {
  it('is the longest text between placeholders, which every message of the pattern contains', () => {
    const message = 'timeout after 1500 ms calling payments 0b6f3c1e-1d2a-4c5b-9e8f-000000000001';
    const literal = longestLiteral(normaliseMessage(message));
    expect(literal).toBe('ms calling payments');
    expect(message).toContain(literal);
  });

  it('is empty when the pattern is placeholders only, and cut to the search limit', () => {
    expect(longestLiteral('<n> <uuid>')).toBe('');
    expect(longestLiteral('')).toBe('');
    expect(longestLiteral(`${'x'.repeat(300)} <n>`)).toHaveLength(200);
  });
});
