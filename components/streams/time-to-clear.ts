/**
 * How long a consumer group needs to clear its lag: lag ÷ net drain rate, where the net drain rate is
 * how fast the lag shrinks. Groups on the SDK report what they handle, so the rate is their handling
 * rate minus the topic's publish rate (both over the last minute); for other groups it is read off the
 * lag the recorder sampled over the last minute. Pure; the page shows the verdict and how it was made.
 */

/**
 * A group whose lag is under this many seconds of traffic is keeping up: the lag is work in flight
 * (batches read, retries backing off), and the difference of two one-minute rates is too noisy to say
 * more about it.
 */
export const KEEPING_UP_SECONDS = 5;
/** The lag samples read for a measured drain rate (the last minute), and the least span they need. */
const TREND_WINDOW_SECONDS = 60;
const TREND_MIN_SPAN_SECONDS = 20;

export interface NetDrain {
  /** Entries per second the lag shrinks by; ≤ 0 means it holds or grows. */
  perSec: number;
  /** `rates`: handled − published; `trend`: measured from the recorded lag samples. */
  source: 'rates' | 'trend';
}

export interface DrainInput {
  /** Entries not yet delivered to the group; null when Redis cannot tell. */
  lag: number | null;
  /** Entries published to the group's topic per second; null when the topic is unknown. */
  inPerSec: number | null;
  /** Deliveries the group handled per second (0 for groups that report nothing). */
  handledPerSec: number;
  /** Handler attempts that threw per second: with `handledPerSec`, whether the group reports at all. */
  failedPerSec: number;
  /** Recorded lag per bucket, oldest first, the last one the newest. */
  trend: readonly (number | null)[];
  trendStepSeconds: number;
}

export type ClearEstimate =
  | { kind: 'unknown'; reason: string }
  | { kind: 'caught-up' }
  | { kind: 'keeping-up' }
  | { kind: 'draining'; seconds: number; drain: NetDrain }
  | { kind: 'not-draining'; drain: NetDrain };

/** The lag's decrease per second over the last minute of samples; null with too few of them. */
export function measuredDrain(trend: readonly (number | null)[], stepSeconds: number): number | null {
  let last = -1;
  for (let i = trend.length - 1; i >= 0; i--) {
    if (trend[i] !== null && trend[i] !== undefined) {
      last = i;
      break;
    }
  }
  if (last < 0) return null;
  const oldest = Math.max(0, last - Math.round(TREND_WINDOW_SECONDS / stepSeconds));
  for (let i = oldest; i < last; i++) {
    const earlier = trend[i];
    if (earlier === null || earlier === undefined) continue;
    const span = (last - i) * stepSeconds;
    if (span < TREND_MIN_SPAN_SECONDS) return null;
    return (earlier - (trend[last] ?? 0)) / span;
  }
  return null;
}

export function netDrain(input: DrainInput): NetDrain | null {
  const reports = input.handledPerSec > 0 || input.failedPerSec > 0;
  if (reports && input.inPerSec !== null) {
    return { perSec: input.handledPerSec - input.inPerSec, source: 'rates' };
  }
  const measured = measuredDrain(input.trend, input.trendStepSeconds);
  return measured === null ? null : { perSec: measured, source: 'trend' };
}

export function estimateTimeToClear(input: DrainInput): ClearEstimate {
  const { lag } = input;
  if (lag === null) return { kind: 'unknown', reason: 'Redis cannot tell this group’s lag' };
  if (lag === 0) return { kind: 'caught-up' };
  const traffic = Math.max(input.inPerSec ?? 0, input.handledPerSec);
  if (lag <= traffic * KEEPING_UP_SECONDS) return { kind: 'keeping-up' };
  const drain = netDrain(input);
  if (!drain) return { kind: 'unknown', reason: 'no handling rate or lag samples recorded yet' };
  if (drain.perSec <= 0) return { kind: 'not-draining', drain };
  return { kind: 'draining', seconds: lag / drain.perSec, drain };
}
