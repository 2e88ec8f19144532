import type { Envelope } from '@/server/contracts/envelope';
import { BusError } from '../errors';

/** Most versions one history answer carries (each with its state): bounded whatever the aggregate's length. */
export const HISTORY_PAGE = 200;

/** One event of an aggregate's history and the state it left. */
export interface HistoryStep {
  /** The aggregate's version with this event (1-based). */
  version: number;
  /** The event as it is stored (before upcasting: what was written). */
  event: Envelope;
  /** The state once this event is applied (upcast first, as `load` does). */
  stateAfter: unknown;
}

/** A page of an aggregate's history around the asked version, with the states its events produced. */
export interface AggregateHistory {
  type: string;
  aggregateId: string;
  /** The aggregate's version now (its number of events). */
  version: number;
  /** The version asked for (default: the latest). */
  at: number;
  /** First and last version of `events`. */
  from: number;
  to: number;
  /** The state before `from` (the initial state when `from` is 1). */
  stateBefore: unknown;
  events: HistoryStep[];
}

/** The version asked for is not one of the aggregate's (below 1 or past its latest). */
export class HistoryRangeError extends BusError {
  constructor(
    readonly at: number,
    readonly version: number,
  ) {
    super('HISTORY_RANGE', `version ${at} is out of range: the aggregate has versions 1 to ${version}`);
  }
}

/**
 * The versions of the page around `at`: `at` in it, the page full when the aggregate is long enough,
 * more history before `at` than after it (time travel looks back).
 */
export function historyWindow(
  at: number,
  version: number,
  size = HISTORY_PAGE,
): { from: number; to: number } {
  if (!Number.isInteger(at) || at < 1 || at > version) throw new HistoryRangeError(at, version);
  const after = Math.floor(size / 4);
  const to = Math.min(version, Math.max(at + after, size));
  const from = Math.max(1, to - size + 1);
  return { from, to };
}
