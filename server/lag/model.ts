/**
 * The one lag model: from a group's lag now and the lag the recorder sampled, whether the group is
 * behind, which way its lag goes and how sure that is, when it will clear and since when it lags.
 * Pure and deterministic: the same samples give the same verdict on every page and every refresh.
 *
 * Verdicts are stable by hysteresis, worked out from the samples alone (no state between requests):
 * the model replays its own rules over the recorded history, one step per sample, so a verdict once
 * reached holds until the evidence against it is clear, not merely until the evidence for it dips.
 * - behind: entered above twice the in-flight allowance, left at or below it;
 * - draining / not draining: entered when the trend is sure at 95 %, kept while it is likely at 68 %.
 */
import {
  FLAT_CLEAR_SECONDS,
  IN_FLIGHT_SECONDS,
  TREND_WINDOW_SECONDS,
  type LagConfidence,
  type LagModel,
  type LagState,
  type LagTrendFit,
} from '@/server/contracts/lag';
import { fitLine, tQuantile, type LagPoint, type LineFit } from './fit';
import { roundEstimate } from './round-estimate';

export interface LagInput {
  nowMs: number;
  /** Entries not yet delivered, read from Redis now; null when Redis cannot tell. */
  lag: number | null;
  /** The lag the recorder sampled, any order; at most one per instant. */
  samples: readonly LagPoint[];
  /** The group's traffic per second (the larger of published to its topic and handled by it). */
  trafficPerSec: number;
  /** Epoch ms of the oldest entry delivered and not acked; null when none is pending. */
  oldestPendingMs: number | null;
}

type Direction = 'draining' | 'not-draining' | 'unsure';

interface Step {
  behind: boolean;
  /** Start of the current spell behind, epoch ms, and whether it began before the history did. */
  since: { atMs: number; before: boolean } | null;
  direction: Direction;
}

const START: Step = { behind: false, since: null, direction: 'unsure' };

export function modelLag(input: LagInput): LagModel {
  const samples = [...input.samples].sort((a, b) => a.atMs - b.atMs);
  const allowance = input.trafficPerSec * IN_FLIGHT_SECONDS;
  let step = START;
  samples.forEach((sample, i) => {
    step = next(step, sample.atMs, sample.lag, windowEndingAt(samples, sample.atMs), allowance, i === 0);
  });
  const window = windowEndingAt(samples, input.nowMs);
  const fit = fitLine(window);
  const base = {
    lag: input.lag,
    at: new Date(input.nowMs).toISOString(),
    trend: fit ? describeFit(fit, input.lag ?? 0) : null,
    oldestPendingAgeMs:
      input.oldestPendingMs === null ? null : Math.max(0, Math.round(input.nowMs - input.oldestPendingMs)),
    inFlightAllowance: allowance,
  };
  if (input.lag === null) {
    return { ...base, state: 'unknown', tone: 'unknown', clear: null, laggingSince: null };
  }
  step = next(step, input.nowMs, input.lag, window, allowance, samples.length === 0);
  const state: LagState = input.lag === 0 ? 'caught-up' : !step.behind ? 'keeping-up' : step.direction;
  const falling = fit !== null && fit.drainPerSec > 0;
  return {
    ...base,
    state,
    tone: state === 'not-draining' ? 'degraded' : state === 'unsure' ? 'unknown' : 'ok',
    clear: (state === 'draining' || state === 'unsure') && falling ? clearEstimate(input.lag, fit) : null,
    laggingSince:
      step.behind && step.since
        ? { at: new Date(step.since.atMs).toISOString(), sinceBefore: step.since.before }
        : null,
  };
}

function next(
  prev: Step,
  atMs: number,
  lag: number,
  window: readonly LagPoint[],
  allowance: number,
  first: boolean,
): Step {
  const behind = prev.behind ? lag > allowance : lag > 2 * allowance;
  if (!behind) return START;
  const since = prev.behind && prev.since ? prev.since : { atMs, before: first };
  return {
    behind,
    since,
    direction: direction(prev.behind ? prev.direction : 'unsure', fitLine(window), lag),
  };
}

/** Which way the lag goes, given which way it went a step before: the hysteresis. */
function direction(prev: Direction, fit: LineFit | null, lag: number): Direction {
  if (!fit) return 'unsure';
  const evidence = weigh(fit, lag);
  if (prev === 'draining' && evidence.drains.likely) return 'draining';
  if (prev === 'not-draining' && evidence.holds.likely) return 'not-draining';
  if (evidence.drains.sure) return 'draining';
  if (evidence.holds.sure) return 'not-draining';
  return 'unsure';
}

/**
 * What the fit says at each level: `drains` when even the slow end of the drain rate's range is
 * above zero; `holds` when even its fast end would take FLAT_CLEAR_SECONDS or more to clear the lag.
 */
function weigh(fit: LineFit, lag: number) {
  const flat = lag / FLAT_CLEAR_SECONDS;
  const spread = (level: 'sure' | 'likely') => tQuantile(level, fit.dof) * fit.drainErrorPerSec;
  return {
    drains: {
      sure: fit.drainPerSec - spread('sure') > 0,
      likely: fit.drainPerSec - spread('likely') > 0,
    },
    holds: {
      sure: fit.drainPerSec + spread('sure') <= flat,
      likely: fit.drainPerSec + spread('likely') <= flat,
    },
  };
}

/** The recorded samples of the trend window that ends at `endMs`. */
function windowEndingAt(samples: readonly LagPoint[], endMs: number): LagPoint[] {
  const from = endMs - TREND_WINDOW_SECONDS * 1000;
  return samples.filter((s) => s.atMs > from && s.atMs <= endMs);
}

function describeFit(fit: LineFit, lag: number): LagTrendFit {
  return {
    samples: fit.samples,
    spanSeconds: fit.spanSeconds,
    drainPerSec: fit.drainPerSec,
    drainErrorPerSec: fit.drainErrorPerSec,
    r2: fit.r2,
    confidence: confidence(fit, lag),
  };
}

/** How sure the fit is of its direction, falling or not: 95 % high, 68 % medium. */
function confidence(fit: LineFit, lag: number): LagConfidence {
  const { drains, holds } = weigh(fit, lag);
  if (drains.sure || holds.sure) return 'high';
  if (drains.likely || holds.likely) return 'medium';
  return 'low';
}

/** Lag ÷ drain rate, with the range one standard error of the rate allows. */
function clearEstimate(lag: number, fit: LineFit): NonNullable<LagModel['clear']> {
  const spread = tQuantile('likely', fit.dof) * fit.drainErrorPerSec;
  const slowest = fit.drainPerSec - spread;
  return {
    seconds: roundEstimate(lag / fit.drainPerSec),
    minSeconds: roundEstimate(lag / (fit.drainPerSec + spread)),
    maxSeconds: slowest > 0 ? roundEstimate(lag / slowest) : null,
  };
}
