export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. Default 10. */
  failureThreshold: number;
  /** How long it stays open before one trial delivery. Default 5 s. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 10, cooldownMs: 5_000 };

/**
 * Per-subscription circuit breaker. While open the subscription stops reading (entries wait in the
 * stream, not in memory); after the cooldown one delivery is tried: success closes, failure re-opens.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: BreakerState = 'closed';

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number = Date.now,
    private readonly onChange?: (state: BreakerState) => void,
  ) {}

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs)
      this.set('half-open');
    return this.current;
  }

  /** How many deliveries may be read now: none while open, one trial while half-open. */
  allowance(wanted: number): number {
    const state = this.state;
    if (state === 'open') return 0;
    return state === 'half-open' ? Math.min(1, wanted) : wanted;
  }

  msUntilTrial(): number {
    return Math.max(0, this.options.cooldownMs - (this.now() - this.openedAt));
  }

  success(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.set('closed');
  }

  failure(): void {
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.set('open');
    }
  }

  private set(state: BreakerState): void {
    this.current = state;
    this.onChange?.(state);
  }
}
