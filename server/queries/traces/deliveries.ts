/**
 * Delivery reports summarised per event and consumer group (pure): the attempts in order with the
 * backoff between them, queue wait, handler time and where the delivery ended, joined with the dead
 * letter it led to and the replay that sent that letter again.
 */
import type { TraceAttempt, TraceDelivery, TraceOutcome } from '@/server/contracts/traces';
import type { TraceDeadLetterRow, TraceDeliveryRow, TraceReplayRow } from './types';

export interface DeliveryContext {
  traceStartMs: number;
  /** Each event's time (epoch ms), by event id. */
  eventTimes: ReadonlyMap<string, number>;
  deadLetters: readonly TraceDeadLetterRow[];
  replays: readonly TraceReplayRow[];
}

const FAILING = new Set(['failed', 'retried', 'dead-lettered']);

/** Deliveries that count as failures in a trace's summary. */
export const isFailure = (outcome: string): boolean => FAILING.has(outcome);

const startOf = (row: TraceDeliveryRow): number | null =>
  row.durationMs === null ? null : row.atMs - row.durationMs;

/** The report's own outcome, where the dead letter does not tell more. */
function reportedOutcome(outcome: string): TraceOutcome {
  switch (outcome) {
    case 'handled':
      return 'handled';
    case 'retried':
      return 'retrying';
    case 'duplicate':
      return 'duplicate';
    case 'dead-lettered':
      return 'dead-lettered';
    case 'failed':
      // the SDK reports `failed` just before it dead-letters (the letter is recorded separately)
      return 'failed';
    default:
      // ack-refused: the handler ran but lost the entry; it will be delivered again
      return 'in-flight';
  }
}

/** Where a delivery ended: the latest dead letter of it decides over a failed report. */
function finalOutcome(last: TraceDeliveryRow, letter: TraceDeadLetterRow | undefined): TraceOutcome {
  if (letter) {
    if (letter.status === 'replayed') return 'replayed';
    if (letter.status === 'discarded') return 'discarded';
    // handled after the letter: sent again by other means (a consumer that re-read it)
    if (last.outcome === 'handled' && last.atMs > letter.lastFailureAtMs) return 'handled';
    return 'dead-lettered';
  }
  return reportedOutcome(last.outcome);
}

/** A trace's deliveries by event id, summarised when first asked for (a page needs a few hundred). */
export interface DeliveryLookup {
  get(eventId: string): TraceDelivery[] | undefined;
  /** The latest report's time of the event's deliveries, as an offset from the trace's start. */
  lastEndMs(eventId: string): number | undefined;
}

/**
 * Groups the reports by event in one pass; each event's deliveries are summarised on first `get`
 * (the whole trace's critical path needs only `lastEndMs`, and a page shows a few hundred events).
 */
export function summariseDeliveries(
  rows: readonly TraceDeliveryRow[],
  context: DeliveryContext,
): DeliveryLookup {
  const byEvent = new Map<string, TraceDeliveryRow[]>();
  const lastAt = new Map<string, number>();
  for (const row of rows) {
    const list = byEvent.get(row.eventId);
    if (list) {
      list.push(row);
      if (row.atMs > lastAt.get(row.eventId)!) lastAt.set(row.eventId, row.atMs);
    } else {
      byEvent.set(row.eventId, [row]);
      lastAt.set(row.eventId, row.atMs);
    }
  }
  let links: Links | null = null;
  const summarised = new Map<string, TraceDelivery[]>();
  return {
    get(eventId) {
      const done = summarised.get(eventId);
      if (done) return done;
      const list = byEvent.get(eventId);
      if (!list) return undefined;
      links ??= indexLinks(context);
      const out = summariseEvent(list, context, links);
      summarised.set(eventId, out);
      return out;
    },
    lastEndMs(eventId) {
      const at = lastAt.get(eventId);
      return at === undefined ? undefined : at - context.traceStartMs;
    },
  };
}

interface Links {
  /** The latest dead letter per event and group. */
  letters: Map<string, TraceDeadLetterRow>;
  /** The latest replay per letter. */
  replayOf: Map<string, TraceReplayRow>;
}

function indexLinks(context: DeliveryContext): Links {
  const letters = new Map<string, TraceDeadLetterRow>();
  for (const letter of context.deadLetters) {
    if (letter.eventId === null) continue;
    const key = `${letter.eventId}\u0000${letter.group}`;
    const seen = letters.get(key);
    if (!seen || seen.lastFailureAtMs <= letter.lastFailureAtMs) letters.set(key, letter);
  }
  const replayOf = new Map<string, TraceReplayRow>();
  for (const replay of context.replays) {
    const seen = replayOf.get(replay.letterId);
    if (!seen || (seen.atMs ?? 0) <= (replay.atMs ?? 0)) replayOf.set(replay.letterId, replay);
  }
  return { letters, replayOf };
}

/** One event's reports as one delivery per consumer group, sorted by group. */
function summariseEvent(
  rows: readonly TraceDeliveryRow[],
  context: DeliveryContext,
  { letters, replayOf }: Links,
): TraceDelivery[] {
  const byGroup = new Map<string, TraceDeliveryRow[]>();
  for (const row of rows) {
    const list = byGroup.get(row.group);
    if (list) list.push(row);
    else byGroup.set(row.group, [row]);
  }
  const out: TraceDelivery[] = [];
  for (const list of byGroup.values()) {
    if (list.length > 1) list.sort((a, b) => a.atMs - b.atMs || a.attempt - b.attempt);
    const first = list[0]!;
    const last = list[list.length - 1]!;
    const eventTime = context.eventTimes.get(first.eventId);
    const attempts: TraceAttempt[] = list.map((row, i) => {
      const previous = i > 0 ? list[i - 1]! : null;
      const start = startOf(row);
      return {
        attempt: row.attempt,
        outcome: row.outcome,
        at: new Date(row.atMs).toISOString(),
        durationMs: row.durationMs,
        error: row.error,
        delayMs: previous && start !== null ? Math.max(0, start - previous.atMs) : null,
      };
    });
    const firstStart = startOf(first);
    let handlerMs: number | null = null;
    for (const row of list) if (row.durationMs !== null) handlerMs = (handlerMs ?? 0) + row.durationMs;
    const letter = letters.get(`${first.eventId}\u0000${first.group}`);
    const replay = letter ? replayOf.get(letter.id) : undefined;
    out.push({
      group: last.group,
      service: last.service,
      consumer: last.consumer,
      outcome: finalOutcome(last, letter),
      attempts,
      queueWaitMs:
        firstStart !== null && eventTime !== undefined ? Math.max(0, firstStart - eventTime) : null,
      handlerMs,
      startMs: firstStart === null ? null : firstStart - context.traceStartMs,
      endMs: last.atMs - context.traceStartMs,
      deadLetterId: letter?.id ?? null,
      replayJobId: replay?.jobId ?? null,
      replayEventId: replay?.newEventId ?? null,
    });
  }
  if (out.length > 1) out.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return out;
}
