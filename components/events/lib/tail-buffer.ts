/**
 * The live tail's state: a bounded buffer of the newest events (oldest dropped first), the stream
 * positions to resume from after a reconnect, and what the server said it left out (sampling, skipped
 * frames, resets). Pure and immutable: the socket hook writes each new value into the React Query
 * cache, and a paused view keeps rendering the value it froze.
 */
import { formatCompact, formatRate } from '@/components/lib/format';
import type {
  LiveEvent,
  SamplingMarker,
  TailBatch,
  TailReset,
  TailResetReason,
} from '@/server/contracts/live';

/** At most this many rows are kept; at the server's default cap (200 ev/s) that is the last 10 s. */
export const TAIL_CAPACITY = 2_000;

/** How long a sampling marker stays up after the last sampled batch. */
export const SAMPLING_MARKER_MS = 3_000;

export interface TailEventItem {
  kind: 'event';
  /** Unique in the buffer: topic and entry id. */
  key: string;
  event: LiveEvent;
}

/** Where the tail could not replay what it missed while disconnected. */
export interface TailGapItem {
  kind: 'gap';
  key: string;
  reason: TailResetReason;
  /** At least this many entries were missed (`too-far-behind`). */
  missed: number | null;
  at: number;
}

export type TailItem = TailEventItem | TailGapItem;

export interface TailState {
  /** Oldest first; at most `TAIL_CAPACITY`. */
  items: readonly TailItem[];
  /** Events received since the tail started (monotonic; the "N new" counter is a difference of it). */
  received: number;
  /** Items dropped from the front of the buffer to keep it bounded. */
  dropped: number;
  /** topic → last entry id covered; sent back as `resume.positions` after a reconnect. */
  positions: Readonly<Record<string, string>>;
  /** The last sampling marker and when it came (ms). */
  sampling: SamplingMarker | null;
  sampledAt: number;
  /** Frames (and their events) the server dropped because this tab fell behind, summed. */
  skippedFrames: number;
  skippedEvents: number;
  /** Events a reconnect's catch-up replayed, summed. */
  replayed: number;
}

export const EMPTY_TAIL: TailState = {
  items: [],
  received: 0,
  dropped: 0,
  positions: {},
  sampling: null,
  sampledAt: 0,
  skippedFrames: 0,
  skippedEvents: 0,
  replayed: 0,
};

/** Appends and drops the oldest beyond the capacity, in one copy. */
export function pushBounded<T>(items: readonly T[], added: readonly T[], capacity: number): T[] {
  const overflow = Math.max(0, items.length + added.length - capacity);
  if (overflow >= items.length) return added.slice(added.length - capacity);
  return [...items.slice(overflow), ...added];
}

export function eventKey(event: Pick<LiveEvent, 'topic' | 'entryId'>): string {
  return `${event.topic}/${event.entryId}`;
}

/** One batch of a `tail:events` frame for this tail. */
export function applyBatch(
  state: TailState,
  batch: TailBatch,
  now: number,
  capacity = TAIL_CAPACITY,
): TailState {
  const added: TailItem[] = batch.events.map((event) => ({ kind: 'event', key: eventKey(event), event }));
  const items = added.length > 0 ? pushBounded(state.items, added, capacity) : state.items;
  return {
    ...state,
    items,
    received: state.received + batch.events.length,
    dropped: state.dropped + (state.items.length + added.length - items.length),
    positions: { ...state.positions, ...batch.positions },
    sampling: batch.sampling ?? state.sampling,
    sampledAt: batch.sampling ? now : state.sampledAt,
    replayed: state.replayed + (batch.replay ? batch.events.length : 0),
  };
}

/** The frame-level counters: frames the server could not send this tab since the previous one. */
export function applySkipped(state: TailState, skippedFrames: number, skippedEvents: number): TailState {
  if (skippedFrames === 0 && skippedEvents === 0) return state;
  return {
    ...state,
    skippedFrames: state.skippedFrames + skippedFrames,
    skippedEvents: state.skippedEvents + skippedEvents,
  };
}

/** Positions from a subscribe ack: fill in topics the tail holds no position for yet. */
export function mergeAckPositions(state: TailState, positions: Record<string, string>): TailState {
  return { ...state, positions: { ...positions, ...state.positions } };
}

/** The missed entries cannot be replayed: mark the gap in the list and continue from the reset. */
export function applyReset(
  state: TailState,
  reset: Pick<TailReset, 'reason' | 'missed' | 'positions'>,
  now: number,
  capacity = TAIL_CAPACITY,
): TailState {
  const gap: TailGapItem = {
    kind: 'gap',
    key: `gap-${now}-${state.received}`,
    reason: reset.reason,
    missed: reset.missed ?? null,
    at: now,
  };
  const items = pushBounded(state.items, [gap], capacity);
  return {
    ...state,
    items,
    dropped: state.dropped + (state.items.length + 1 - items.length),
    positions: { ...state.positions, ...reset.positions },
  };
}

/**
 * Whether to show "showing 1 in k of N ev/s" at `now`: only while the server is thinning the tail by
 * more than a rounding ("1 in 1" says nothing).
 */
export function activeSampling(state: TailState, now: number): SamplingMarker | null {
  if (!state.sampling || state.sampling.keptOneIn <= 1) return null;
  return now - state.sampledAt <= SAMPLING_MARKER_MS ? state.sampling : null;
}

/** What `tail:subscribe` sends back after a reconnect; null when there is nothing to resume from. */
export function resumeFrom(
  state: TailState,
  startedAtMs: number,
): { positions: Record<string, string>; after?: string } | null {
  const positions = { ...state.positions };
  if (Object.keys(positions).length > 0) return { positions };
  // No topic matched yet: continue from when the tail started, so nothing published since is lost.
  return startedAtMs > 0 ? { positions, after: `${Math.floor(startedAtMs)}-0` } : null;
}

/** "showing 1 in 12.5 of 4,310 ev/s" */
export function describeSampling(marker: SamplingMarker): string {
  return `showing 1 in ${formatCompact(marker.keptOneIn)} of ${formatRate(marker.ratePerSec, ' ev/s')}`;
}

export const RESET_REASON_TEXT: Record<TailResetReason, string> = {
  trimmed: 'the stream was trimmed past where this tab stopped',
  'too-far-behind': 'too much happened while this tab was away',
  unavailable: 'Redis could not replay them',
};
