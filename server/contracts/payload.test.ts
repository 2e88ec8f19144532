import { describe, expect, it } from 'vitest';
import { cutHead, cutToBudget } from './payload';

/** Bytes a string costs inside a JSON response, quotes excluded. */
const sent = (text: string): number => Buffer.byteLength(JSON.stringify(text)) - 2;

describe('cutToBudget', () => {
  it('counts bytes as sent: escapes, multi-byte characters, surrogate pairs', () => {
    expect(cutToBudget('abcdef', 4)).toBe('abcd');
    expect(cutToBudget('"a"b', 4)).toBe('"a'); // a quote is sent as \" (2 bytes)
    expect(cutToBudget('a\\b', 2)).toBe('a');
    expect(cutToBudget('éé', 3)).toBe('é');
    expect(cutToBudget('€€', 5)).toBe('€');
    expect(cutToBudget('a😀b', 4)).toBe('a'); // the pair is 4 bytes and never split
    expect(cutToBudget('a😀b', 5)).toBe('a😀');
    expect(cutToBudget('a\u0001b', 6)).toBe('a'); // \u0001 is 6
    expect(cutToBudget('a\nb', 3)).toBe('a\n');
    expect(cutToBudget('x\ud800y', 7)).toBe('x\ud800'); // a lone surrogate is sent as \ud800
  });

  it('never exceeds the budget and keeps as much as fits, on mixed text', () => {
    const text = Array.from(
      { length: 2_000 },
      (_, i) => ['a', 'é', '"', '😀', '\\', '\t', '€', '\u0002'][i % 8],
    ).join('');
    for (const budget of [0, 1, 7, 100, 1_001, 5_000]) {
      const cut = cutToBudget(text, budget);
      expect(text.startsWith(cut)).toBe(true);
      expect(sent(cut)).toBeLessThanOrEqual(budget);
      if (cut.length < text.length) {
        const next = text.codePointAt(cut.length)! > 0xffff ? 2 : 1;
        expect(sent(text.slice(0, cut.length + next))).toBeGreaterThan(budget);
      }
    }
  });

  it('tells a cut head from a whole one', () => {
    expect(cutHead('abc', 3)).toEqual({ text: 'abc', truncated: false });
    expect(cutHead('abcd', 3)).toEqual({ text: 'abc', truncated: true });
    expect(cutHead('"ab', 3)).toEqual({ text: '"a', truncated: true });
  });
});
