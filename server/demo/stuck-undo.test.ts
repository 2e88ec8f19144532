import { describe, expect, it } from 'vitest';
import { Dice, seededRandom } from './random';
import { StuckUndos } from './stuck-undo';

/** Attempts of one undo until it succeeds, three per round as the saga's compensation retry. */
function attemptsUntilDone(undos: StuckUndos, key: string): number {
  let attempt = 1;
  while (undos.fails(key, attempt) && attempt < 100) attempt += 1;
  return attempt;
}

describe('StuckUndos', () => {
  it('never fails an undo at rate 0', () => {
    const undos = new StuckUndos(new Dice(seededRandom(1)), 0, 3);
    for (let i = 0; i < 100; i++) expect(undos.fails(`saga-${i}/0/2/undo`, 1)).toBe(false);
  });

  it('fails a stuck undo for a whole round, then lets one or two operator retries fix it', () => {
    const undos = new StuckUndos(new Dice(seededRandom(2)), 1, 3);
    const done = Array.from({ length: 200 }, (_, i) => attemptsUntilDone(undos, `saga-${i}/0/1/undo`));
    // round 1 is attempts 1-3 (stuck), the first retry's round 4-6, the second's 7-9
    expect(new Set(done)).toEqual(new Set([4, 7]));
    const fixedByFirstRetry = done.filter((attempt) => attempt === 4).length / done.length;
    expect(fixedByFirstRetry).toBeGreaterThan(0.5);
    expect(fixedByFirstRetry).toBeLessThan(0.9);
  });

  it('keeps an undo stuck through its round, whatever other undos drew meanwhile', () => {
    const undos = new StuckUndos(new Dice(seededRandom(3)), 0.5, 3);
    const keys = Array.from({ length: 50 }, (_, i) => `saga-${i}/0/2/undo`);
    const stuck = keys.filter((key) => undos.fails(key, 1));
    expect(stuck.length).toBeGreaterThan(10);
    expect(stuck.length).toBeLessThan(40);
    for (const attempt of [2, 3]) expect(stuck.filter((key) => undos.fails(key, attempt))).toEqual(stuck);
  });
});
