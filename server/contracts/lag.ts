import { z } from 'zod';

/**
 * One consumer group's lag as the server's lag model (server/lag/) judges it. Every page shows these
 * figures as they are: the row, its chart's "now", the Streams summary, Flows and Overview agree
 * because nothing on the client works lag out again.
 *
 * - caught-up: nothing waits for the group.
 * - keeping-up: what waits is work in flight (under IN_FLIGHT_SECONDS of the group's traffic).
 * - draining: the lag trend falls, sure enough to say so.
 * - not-draining: the trend is flat or rising, sure enough to say so.
 * - unsure: behind, but the samples do not say which way the lag goes (too few, or too noisy).
 * - unknown: Redis cannot tell the lag.
 */
export const LagState = z.enum(['caught-up', 'keeping-up', 'draining', 'not-draining', 'unsure', 'unknown']);
export type LagState = z.infer<typeof LagState>;

/** The verdict in words, the same on every page and in the CLI: "keeping up", "not draining". */
export const LAG_VERDICT_TEXT: Record<LagState, string> = {
  'caught-up': 'caught up',
  'keeping-up': 'keeping up',
  draining: 'draining',
  'not-draining': 'not draining',
  unsure: 'unsure',
  unknown: 'unknown',
};

/** How sure the trend is: high at 95 %, medium at 68 %, low below (or too few samples). */
export const LagConfidence = z.enum(['high', 'medium', 'low']);
export type LagConfidence = z.infer<typeof LagConfidence>;

export const LagTrendFit = z.object({
  /** Samples in the window the slope was fitted over, and the seconds they span. */
  samples: z.number().int(),
  spanSeconds: z.number(),
  /** Entries per second the lag shrinks by (negative: it grows), least squares over the window. */
  drainPerSec: z.number(),
  /** Standard error of `drainPerSec`. */
  drainErrorPerSec: z.number(),
  /** Share of the lag's variance the straight line explains, 0–1; null when the lag did not vary. */
  r2: z.number().nullable(),
  confidence: LagConfidence,
});
export type LagTrendFit = z.infer<typeof LagTrendFit>;

export const LagModel = z.object({
  /** Entries not yet delivered, read from Redis at `at`; null when Redis cannot tell. */
  lag: z.number().nullable(),
  /** When `lag` was read (ISO). */
  at: z.string(),
  state: LagState,
  /** ok, degraded (not draining) or unknown: what the lag alone says about the group. */
  tone: z.enum(['ok', 'degraded', 'unknown']),
  /** The least-squares trend over the last TREND_WINDOW_SECONDS of recorded samples; null with too few. */
  trend: LagTrendFit.nullable(),
  /**
   * Seconds to clear at the fitted drain rate, with the range its standard error allows (`maxSeconds`
   * null: it may not clear at all); null unless draining or unsure-but-falling.
   */
  clear: z
    .object({ seconds: z.number(), minSeconds: z.number(), maxSeconds: z.number().nullable() })
    .nullable(),
  /**
   * Start of the current spell behind (ISO): the first recorded sample of the unbroken run above the
   * in-flight allowance. `sinceBefore` when that run reaches back past the recorded history.
   */
  laggingSince: z.object({ at: z.string(), sinceBefore: z.boolean() }).nullable(),
  /** Age in ms of the oldest entry delivered and not acked (by its id's time); null when none is pending. */
  oldestPendingAgeMs: z.number().nullable(),
  /** Entries the group may hold as work in flight without being behind (IN_FLIGHT_SECONDS of traffic). */
  inFlightAllowance: z.number(),
});
export type LagModel = z.infer<typeof LagModel>;

/** A lag under this many seconds of the group's traffic is work in flight, not a backlog. */
export const IN_FLIGHT_SECONDS = 5;
/** The trend is fitted over the recorded samples of this many seconds. */
export const TREND_WINDOW_SECONDS = 120;
/** A flat trend: even at the optimistic end of its range the lag would take longer than this to clear. */
export const FLAT_CLEAR_SECONDS = 3_600;
