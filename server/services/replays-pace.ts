/**
 * The pace of a replay: a ramp 1, 2, 5, 10, 20, 50, 100, 200, 500 … letters per second, from the job's
 * start rate up to its cap, one step every RAMP_STEP_MS while re-failures stay under the threshold.
 * Pure: the runner and the preview's estimate share it.
 */
export const RAMP_STEP_MS = 3_000;

/** The most a bucket banks, in seconds of its rate. */
const BANK_SECONDS = 0.05;

const MANTISSAS = [1, 2, 5] as const;

/** The next rate on the ramp above `current`, capped at `max`. */
export function nextRate(current: number, max: number): number {
  for (let decade = 1; decade <= max * 10; decade *= 10) {
    for (const m of MANTISSAS) {
      const step = m * decade;
      if (step > current) return Math.min(step, max);
    }
  }
  return max;
}

/** Seconds to replay `count` letters climbing the ramp from `start` to `max` (no pauses). */
export function estimateSeconds(count: number, start: number, max: number, stepMs = RAMP_STEP_MS): number {
  let left = count;
  let rate = Math.min(start, max);
  let seconds = 0;
  const step = stepMs / 1000;
  while (left > 0) {
    if (rate >= max) return seconds + left / rate;
    const inStep = rate * step;
    if (inStep >= left) return seconds + left / rate;
    left -= inStep;
    seconds += step;
    rate = nextRate(rate, max);
  }
  return seconds;
}

/**
 * A token bucket at a rate that may change: `take(n)` grants up to n tokens now. It banks at most
 * BANK_SECONDS of the rate and refills at the rate less that bank, so that no 1-s window grants more than
 * the rate (bank + refill over a second), while the average stays within BANK_SECONDS of it. A bucket that
 * banked a whole second let a 1-s window reach twice the cap after a stall. Below 1/BANK_SECONDS per second
 * the bank is one letter, and a window may hold one letter more than the rate.
 */
export class TokenBucket {
  private tokens = 0;
  private last: number;

  constructor(
    private rate: number,
    now = Date.now(),
  ) {
    this.last = now;
  }

  setRate(rate: number, now = Date.now()): void {
    this.refill(now);
    this.rate = rate;
  }

  get current(): number {
    return this.rate;
  }

  take(wanted: number, now = Date.now()): number {
    this.refill(now);
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }

  /** The most one `take` can grant: what the bucket banks. Asking for that many keeps batches few and full. */
  get burst(): number {
    return Math.floor(this.bank());
  }

  /** Milliseconds until `count` tokens (at most the burst) are there. */
  waitMs(now = Date.now(), count = 1): number {
    this.refill(now);
    const wanted = Math.min(Math.max(1, count), this.bank());
    return this.tokens >= wanted
      ? 0
      : Math.ceil(((wanted - this.tokens) / (this.rate * (1 - BANK_SECONDS))) * 1000);
  }

  private bank(): number {
    return Math.max(1, this.rate * BANK_SECONDS);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    const refill = this.rate * (1 - BANK_SECONDS);
    this.tokens = Math.min(this.bank(), this.tokens + elapsed * refill);
  }
}
