/**
 * Where the waterfall draws each row, in trace offsets (ms since the trace's start), before any scale:
 * an event's publish time and the span until its last delivery ended; a delivery's queue wait and its
 * attempts (the backoff between them is the gap). Pure, so the busy intervals that shape the
 * compressed scale and the bars drawn on it come from one place.
 */
import type { TraceDelivery, TraceNode } from '@/server/contracts/traces';
import type { Interval } from './compressed-scale';

export interface AttemptSpan extends Interval {
  outcome: string;
}

export interface DeliverySpans {
  /** Published → first handler start; null when the start is unknown. */
  queue: Interval | null;
  attempts: AttemptSpan[];
}

/** The attempts as spans: each ends at its `at` and lasts its `durationMs` (a point when unknown). */
export function deliverySpans(node: TraceNode, delivery: TraceDelivery, traceStartMs: number): DeliverySpans {
  const attempts = delivery.attempts.map((attempt) => {
    const end = Date.parse(attempt.at) - traceStartMs;
    return { start: end - (attempt.durationMs ?? 0), end, outcome: attempt.outcome };
  });
  const valid = attempts.filter((span) => Number.isFinite(span.end));
  if (valid.length === 0 && delivery.startMs !== null) {
    valid.push({ start: delivery.startMs, end: delivery.endMs, outcome: delivery.outcome });
  }
  const published = node.offsetMs;
  const firstStart = delivery.startMs ?? valid[0]?.start ?? null;
  return {
    queue:
      published !== null && firstStart !== null && firstStart > published
        ? { start: published, end: firstStart }
        : null,
    attempts: valid,
  };
}

/** An event's span on the chart: published until its last delivery ended (a point without deliveries). */
export function nodeSpan(node: TraceNode): Interval | null {
  if (node.offsetMs === null) return null;
  const end = node.deliveries.reduce((latest, d) => Math.max(latest, d.endMs), node.offsetMs);
  return { start: node.offsetMs, end };
}

/**
 * The busy intervals of a trace: every publish (a point) and every attempt. Queue waits are not busy:
 * an hour a message sat in a stream is exactly the idle gap the scale compresses.
 */
export function busyIntervals(nodes: readonly TraceNode[], traceStartMs: number): Interval[] {
  const out: Interval[] = [];
  for (const node of nodes) {
    if (node.offsetMs !== null) out.push({ start: node.offsetMs, end: node.offsetMs });
    for (const delivery of node.deliveries) out.push(...deliverySpans(node, delivery, traceStartMs).attempts);
  }
  return out;
}
