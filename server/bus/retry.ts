export interface RetryPolicy {
  /** Attempts in all, the first included. Default 5. */
  maxAttempts: number;
  /** Delay before the second attempt. Default 200 ms. */
  baseMs: number;
  /** Delays never exceed this. Default 30 s. */
  maxMs: number;
  /** Growth per attempt. Default 2. */
  multiplier: number;
  /** Share of the delay drawn at random ("equal jitter"), 0..1. Default 0.5. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseMs: 200,
  maxMs: 30_000,
  multiplier: 2,
  jitter: 0.5,
};

/** How delays grow: the retry policy without its attempt limit. */
export type BackoffPolicy = Pick<RetryPolicy, 'baseMs' | 'maxMs' | 'multiplier' | 'jitter'>;

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed: exponential with equal jitter, so that
 * many consumers failing together do not retry in lockstep.
 */
export function backoffMs(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  // the exponent stops growing long after any delay reached maxMs (no Infinity, no 0 * Infinity)
  const growth = policy.multiplier ** Math.min(Math.max(0, attempt - 1), 30);
  const exponential = Math.min(policy.maxMs, policy.baseMs * growth);
  const fixed = exponential * (1 - policy.jitter);
  return Math.round(fixed + random() * exponential * policy.jitter);
}

/**
 * The delays of a loop that retries until it succeeds (a reader, a writer, a relay): `next()` after each
 * failure, `reset()` after a success.
 */
export class Backoff {
  private count = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** Failures since the last reset. */
  get failures(): number {
    return this.count;
  }

  /** Counts one more failure; the delay to wait before the next try. */
  next(): number {
    this.count += 1;
    return backoffMs(this.policy, this.count, this.random);
  }

  reset(): void {
    this.count = 0;
  }
}

/** A loop's backoff: from `baseMs`, doubling, up to `maxMs`; no jitter, as the loops always had. */
export const loopBackoff = (baseMs: number, maxMs: number): Backoff =>
  new Backoff({ baseMs, maxMs, multiplier: 2, jitter: 0 });
