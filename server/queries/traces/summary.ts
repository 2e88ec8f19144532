/** The head of a loaded trace (pure): what search rows show, from the loaded events and reports. */
import { TRACE_IN_PROGRESS_MS, type TraceSummary } from '@/server/contracts/traces';
import { isFailure } from './deliveries';
import type { TraceDeadLetterRow, TraceDeliveryRow, TraceEventRow, TraceReplayRow } from './types';

export interface SummaryInput {
  correlationId: string;
  /** Oldest first. */
  events: readonly TraceEventRow[];
  /** How many events the trace has (more than `events` when truncated). */
  totalEvents: number;
  deliveries: readonly TraceDeliveryRow[];
  deadLetters: readonly TraceDeadLetterRow[];
  replays: readonly TraceReplayRow[];
  nowMs: number;
}

/**
 * The root: the earliest event without a cause, else the earliest whose cause is not in the trace
 * (its cause was never recorded here), else none (every event hangs under a loop).
 */
export function findRoot(events: readonly TraceEventRow[]): TraceEventRow | null {
  const first = events.find((event) => event.causationId === null);
  if (first) return first;
  const ids = new Set(events.map((event) => event.id));
  return events.find((event) => !ids.has(event.causationId!)) ?? null;
}

export function summariseTrace(input: SummaryInput): TraceSummary {
  const { events } = input;
  const startMs = events[0]?.timeMs ?? input.nowMs;
  const lastEventMs = events[events.length - 1]?.timeMs ?? startMs;
  let endMs = lastEventMs;
  let failures = 0;
  const services = new Set(events.map((event) => event.service));
  for (const delivery of input.deliveries) {
    endMs = Math.max(endMs, delivery.atMs);
    services.add(delivery.service);
    if (isFailure(delivery.outcome)) failures += 1;
  }
  const root = findRoot(events);
  return {
    correlationId: input.correlationId,
    rootEventId: root?.id ?? null,
    rootType: root?.type ?? null,
    services: [...services].sort(),
    topics: [...new Set(events.map((event) => event.topic))].sort(),
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    durationMs: Math.max(0, endMs - startMs),
    events: input.totalEvents,
    failures,
    deadLetters: input.deadLetters.length,
    replays: input.replays.length,
    inProgress: input.nowMs - lastEventMs < TRACE_IN_PROGRESS_MS,
  };
}
