import type { Dice } from './random';

/** Share of stuck undos that the first operator retry fixes; the others need a second one. */
const FIRST_RETRY_FIXES = 0.7;
/** Undos remembered at once: an entry goes when its undo succeeds, the oldest when there are more. */
const REMEMBERED = 10_000;

/**
 * Decides which undos a service cannot do. A stuck undo fails every attempt of the saga's retry
 * round, so the instance ends `stuck`; an operator's retry starts a new round (attempts keep
 * counting), which succeeds, or for some fails once more, so that a retry demonstrably helps.
 * The decision is made the first time an undo is asked for and kept by its idempotency key.
 */
export class StuckUndos {
  private readonly rounds = new Map<string, { firstRound: number; stuckRounds: number }>();

  /**
   * @param rate share of undos that get stuck, 0..1
   * @param attemptsPerRound the compensation's `maxAttempts`: one round between operator actions
   */
  constructor(
    private readonly dice: Dice,
    private readonly rate: number,
    private readonly attemptsPerRound: number,
  ) {}

  /** Whether attempt `attempt` (1-based, counting across operator retries) of this undo fails. */
  fails(idempotencyKey: string, attempt: number): boolean {
    const round = Math.floor((attempt - 1) / this.attemptsPerRound);
    let decided = this.rounds.get(idempotencyKey);
    if (!decided) {
      const stuckRounds = this.dice.chance(this.rate) ? (this.dice.chance(FIRST_RETRY_FIXES) ? 1 : 2) : 0;
      decided = { firstRound: round, stuckRounds };
      this.remember(idempotencyKey, decided);
    }
    const fails = round - decided.firstRound < decided.stuckRounds;
    if (!fails) this.rounds.delete(idempotencyKey);
    return fails;
  }

  private remember(key: string, decided: { firstRound: number; stuckRounds: number }): void {
    if (this.rounds.size >= REMEMBERED) {
      const oldest = this.rounds.keys().next();
      if (!oldest.done) this.rounds.delete(oldest.value);
    }
    this.rounds.set(key, decided);
  }
}
