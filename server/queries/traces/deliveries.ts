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

export function summariseDeliveries(
  rows: readonly TraceDeliveryRow[],
  context: DeliveryContext,
): Map<string, TraceDelivery[]> {
  const byKey = new Map<string, TraceDeliveryRow[]>();
  for (const row of rows) {
    const key = `${row.eventId}\u0000${row.group}`;
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
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

  const out = new Map<string, TraceDelivery[]>();
  for (const [key, list] of byKey) {
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
    const letter = letters.get(key);
    const replay = letter ? replayOf.get(letter.id) : undefined;
    const delivery: TraceDelivery = {
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
    };
    const forEvent = out.get(first.eventId);
    if (forEvent) forEvent.push(delivery);
    else out.set(first.eventId, [delivery]);
  }
  for (const list of out.values()) {
    if (list.length > 1) list.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  }
  return out;
}
