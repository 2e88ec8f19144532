/**
 * The critical path of a trace (pure): from the event whose handling ended last back up its causation
 * chain to its root. Each hop is timed against its parent, never against the root (an hour-long queue
 * wait shows on the hop that waited), and attributed to the service that did the work: the publisher
 * of the hop's event, or for the last hop the consumer whose delivery ended last.
 */
import type { CriticalPath, TraceDelivery } from '@/server/contracts/traces';
import type { TraceEventRow } from './types';

export interface CriticalPathResult {
  path: CriticalPath;
  /** Event indexes on the path. */
  onPath: Set<number>;
}

/** Deliveries by event id; `lastEndMs` spares summarising every event's (the trace's DeliveryLookup). */
export interface CriticalPathDeliveries {
  get(eventId: string): readonly TraceDelivery[] | undefined;
  lastEndMs?(eventId: string): number | undefined;
}

/** The delivery of `eventId` that ended last, if any ended after `afterMs`. */
function lastDeliveryOf(
  deliveries: CriticalPathDeliveries,
  eventId: string,
  afterMs: number,
): TraceDelivery | null {
  let by: TraceDelivery | null = null;
  for (const delivery of deliveries.get(eventId) ?? []) {
    if (delivery.endMs > (by?.endMs ?? afterMs)) by = delivery;
  }
  return by;
}

const EMPTY: CriticalPathResult = {
  path: { eventIds: [], totalMs: 0, hops: [], services: [] },
  onPath: new Set(),
};

export function criticalPath(
  events: readonly TraceEventRow[],
  parents: readonly (number | null)[],
  deliveries: CriticalPathDeliveries,
  traceStartMs: number,
): CriticalPathResult {
  if (events.length === 0) return EMPTY;
  let last = 0;
  let lastEnd = -Infinity;
  let lastWasHandled = false;
  events.forEach((event, i) => {
    const published = event.timeMs - traceStartMs;
    const handled = deliveries.lastEndMs
      ? deliveries.lastEndMs(event.id)
      : lastDeliveryOf(deliveries, event.id, published)?.endMs;
    const wasHandled = handled !== undefined && handled > published; // as lastDeliveryOf counts it
    const end = wasHandled ? handled : published;
    // A handler ends at or after the events it publishes, but both are stamped in whole
    // milliseconds: on a tie the handling is the later, so a bare publish time does not displace it.
    if (end > lastEnd || (end === lastEnd && (wasHandled || !lastWasHandled))) {
      last = i;
      lastEnd = end;
      lastWasHandled = wasHandled;
    }
  });
  const lastDelivery = lastDeliveryOf(deliveries, events[last]!.id, events[last]!.timeMs - traceStartMs);

  const chain: number[] = [];
  const seen = new Set<number>();
  for (let at: number | null = last; at !== null && !seen.has(at); at = parents[at] ?? null) {
    seen.add(at);
    chain.push(at);
  }
  chain.reverse();

  const hops: CriticalPath['hops'] = [];
  const root = events[chain[0]!]!;
  hops.push({
    fromEventId: null,
    toEventId: root.id,
    service: root.service,
    ms: 0,
    queueWaitMs: null,
    handlerMs: null,
  });
  for (let k = 1; k < chain.length; k++) {
    const parent = events[chain[k - 1]!]!;
    const child = events[chain[k]!]!;
    // the delivery of the parent to the service that published the child did this hop's work
    const worker = (deliveries.get(parent.id) ?? []).find((d) => d.service === child.service);
    hops.push({
      fromEventId: parent.id,
      toEventId: child.id,
      service: child.service,
      ms: Math.max(0, child.timeMs - parent.timeMs),
      queueWaitMs: worker?.queueWaitMs ?? null,
      handlerMs: worker?.handlerMs ?? null,
    });
  }
  const final = lastDelivery;
  if (final) {
    const event = events[last]!;
    hops.push({
      fromEventId: event.id,
      toEventId: event.id,
      service: final.service,
      ms: Math.max(0, final.endMs - (event.timeMs - traceStartMs)),
      queueWaitMs: final.queueWaitMs,
      handlerMs: final.handlerMs,
    });
  }

  const byService = new Map<string, { ms: number; hops: number }>();
  for (const hop of hops) {
    const total = byService.get(hop.service) ?? { ms: 0, hops: 0 };
    total.ms += hop.ms;
    total.hops += 1;
    byService.set(hop.service, total);
  }
  return {
    path: {
      eventIds: chain.map((i) => events[i]!.id),
      totalMs: hops.reduce((sum, hop) => sum + hop.ms, 0),
      hops,
      services: [...byService]
        .map(([service, total]) => ({ service, ...total }))
        .sort((a, b) => b.ms - a.ms || a.service.localeCompare(b.service)),
    },
    onPath: new Set(chain),
  };
}
