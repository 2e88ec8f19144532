/**
 * The sequence view's model: one lane per service (publishers and consuming services, in the order
 * they first act), and one arrow per delivery from the publishing lane to the consuming lane, in time
 * order. An event nobody consumed (yet) is a dot on its publisher's lane. Capped: a huge trace shows
 * its first `max` messages and says how many there were.
 */
import type { TraceNode, TraceOutcome } from '@/server/contracts/traces';
import { serviceOfSource } from './service-name';

export interface SequenceMessage {
  eventId: string;
  type: string;
  /** Lane indexes; `to` is null for an event without deliveries. */
  from: number;
  to: number | null;
  /** Offsets from the trace's start: published, and (for a delivery) the handler's end. */
  atMs: number;
  endMs: number | null;
  group: string | null;
  outcome: TraceOutcome | null;
  critical: boolean;
}

export interface SequenceModel {
  lanes: string[];
  messages: SequenceMessage[];
  /** Messages in the loaded trace before the cap. */
  total: number;
}

export function sequenceModel(nodes: readonly TraceNode[], max: number): SequenceModel {
  const all: (SequenceMessage & { fromName: string; toName: string | null })[] = [];
  for (const node of nodes) {
    if (node.kind !== 'event') continue;
    const fromName = serviceOfSource(node.source);
    const base = {
      eventId: node.id,
      type: node.type ?? 'foreign entry',
      atMs: node.offsetMs ?? 0,
      critical: node.critical,
      from: 0,
      fromName,
    };
    if (node.deliveries.length === 0) {
      all.push({ ...base, to: null, toName: null, endMs: null, group: null, outcome: null });
    }
    for (const delivery of node.deliveries) {
      all.push({
        ...base,
        to: 0,
        toName: delivery.service,
        endMs: delivery.endMs,
        group: delivery.group,
        outcome: delivery.outcome,
      });
    }
  }
  // time order; a stable sort keeps an event's deliveries together in the tree's order
  all.sort((a, b) => a.atMs - b.atMs);
  const shown = all.slice(0, max);
  const lanes: string[] = [];
  const lane = (name: string) => {
    let index = lanes.indexOf(name);
    if (index === -1) index = lanes.push(name) - 1;
    return index;
  };
  const messages = shown.map(({ fromName, toName, ...message }) => ({
    ...message,
    from: lane(fromName),
    to: toName === null ? null : lane(toName),
  }));
  return { lanes, messages, total: all.length };
}
