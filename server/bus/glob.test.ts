import { describe, expect, it } from 'vitest';
import { compileGlob, isGlob, matchesGlob } from './glob';
import { matchesPattern } from './topics';

/** The textbook dynamic-programming glob match: obviously right, quadratic, fine for short inputs. */
function reference(pattern: string, value: string): boolean {
  let row = new Array<boolean>(value.length + 1).fill(false);
  row[0] = true;
  for (const char of pattern) {
    const next = new Array<boolean>(value.length + 1).fill(false);
    if (char === '*') {
      next[0] = row[0]!;
      for (let j = 1; j <= value.length; j++) next[j] = row[j]! || next[j - 1]!;
    } else {
      for (let j = 1; j <= value.length; j++) next[j] = row[j - 1]! && value[j - 1] === char;
    }
    row = next;
  }
  return row[value.length]!;
}

/** A small pseudo-random generator, so that a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('glob matching', () => {
  it('agrees with the reference on every pattern and value over a small alphabet', () => {
    const random = generator(7);
    const pick = (alphabet: string, max: number): string =>
      Array.from({ length: Math.floor(random() * (max + 1)) }, () =>
        alphabet.charAt(Math.floor(random() * alphabet.length)),
      ).join('');
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      const pattern = pick('ab*.', 8);
      const value = pick('ab.', 10);
      const expected = reference(pattern, value);
      if (compileGlob(pattern)(value) !== expected) {
        throw new Error(`${JSON.stringify(pattern)} vs ${JSON.stringify(value)}: expected ${expected}`);
      }
      if (expected) matched += 1;
    }
    expect(matched).toBeGreaterThan(1_000); // the cases were not all misses
  });

  it('treats every character but * literally, regular-expression syntax included', () => {
    const cases: [string, string, boolean][] = [
      ['threat.*', 'threat.alerts', true],
      ['threat.*', 'threatalerts', false],
      ['*', '', true],
      ['**', 'anything', true],
      ['a.b', 'a.b', true],
      ['a.b', 'axb', false],
      ['*.eu', 'orders.eu', true],
      ['*.eu', 'orders.us', false],
      ['o*s*e*u', 'orders.eu', true],
      ['ab*ba', 'aba', false],
      ['ab*ba', 'abba', true],
      ['a*a*a', 'aa', false],
      ['a*a*a', 'aaa', true],
      ['(x|y)+*', '(x|y)+z', true],
      ['[a-z]*', 'b', false],
      ['^$*\\', '^$ok\\', true],
      ['', '', true],
      ['', 'x', false],
    ];
    for (const [pattern, value, expected] of cases) {
      expect([pattern, value, matchesGlob(pattern, value)]).toEqual([pattern, value, expected]);
      expect([pattern, value, matchesPattern(pattern, value)]).toEqual([pattern, value, expected]);
      expect(matchesGlob(pattern, value)).toBe(reference(pattern, value));
    }
    expect(isGlob('orders.*')).toBe(true);
    expect(isGlob('orders')).toBe(false);
  });

  it('answers a pattern of many stars on a long value without backtracking', () => {
    // as a regular expression (.*.*.*…x) this took exponential time: one socket message stalled the server
    const long = 'a'.repeat(200_000);
    expect(matchesGlob('*********x', long)).toBe(false);
    expect(matchesPattern('*********x', long)).toBe(false);
    expect(matchesGlob('*a*a*a*a*a*a*a*a*b', long)).toBe(false);
    expect(matchesGlob('*********a', long)).toBe(true);
    expect(matchesGlob(`${'a*'.repeat(100)}b`, long)).toBe(false);
  });
});
