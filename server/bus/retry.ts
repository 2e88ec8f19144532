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

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed: exponential with equal jitter, so that
 * many consumers failing together do not retry in lockstep.
 */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * policy.multiplier ** Math.max(0, attempt - 1));
  const fixed = exponential * (1 - policy.jitter);
  return Math.round(fixed + random() * exponential * policy.jitter);
}
