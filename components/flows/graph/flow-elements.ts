import { MarkerType, Position, type Edge, type Node } from '@xyflow/react';
import type { Tone } from '@/components/ui/tone';
import type { LagModel } from '@/server/contracts/lag';
import {
  DEGRADED_ERROR_RATE,
  FAILING_ERROR_RATE,
  type NodeHealth,
  type TopologyEdge,
  type TopologyNode,
} from '@/server/contracts/topology';
import { formatCount, formatDuration, formatPercent, formatRate, plural } from '@/components/lib/format';
import { lagVerdict } from '@/components/lib/lag/describe-lag';
import { NODE_SIZE, type FlowKind, type Layout } from '../layout';
import { EDGE_STROKE } from './edge-stroke';

/*
 * Topology snapshot → React Flow elements. Each node carries only the figures it shows, so a live tick
 * that changes nothing visible (a heartbeat's timestamp, say) leaves the node object as it was and React
 * Flow does not re-render it.
 */

export const HEALTH_TONE: Record<NodeHealth, Tone> = {
  ok: 'ok',
  degraded: 'degraded',
  failing: 'failing',
  unknown: 'neutral',
};

// type aliases, not interfaces: React Flow wants node data assignable to Record<string, unknown>
type Common = {
  name: string;
  health: NodeHealth;
  /** The node's accessible name: kind, name and the figures it shows. */
  label: string;
};

export type ServiceData = Common & { live: boolean | null; instances: number };
export type TopicData = Common & { eventsPerSec: number; length: number | null };
export type GroupData = Common & {
  lag: number | null;
  /** The age of its oldest waiting entry, formatted, when shown (see `shownWaitingAge`). */
  oldest: string | null;
  /** The server's lag verdict ("keeping up", "not draining"), as Streams shows it; null when unknown. */
  verdict: string | null;
  /** Whether the verdict is news: behind, whichever way the lag goes. */
  behind: boolean;
  handledPerSec: number;
  errorRate: number;
  liveConsumers: number;
  consumers: number;
};
export type ProcessorData = Common & {
  processorKind: Extract<TopologyNode, { kind: 'processor' }>['processorKind'];
  lag: number | null;
  ratePerSec: number;
  errors: number;
};
export type DeadLetterData = Common & { pending: number; inStreams: number | null };

/** React Flow node types; not `group`, which React Flow keeps for its own sub-flow nodes. */
export const FLOW_NODE_TYPE = {
  service: 'service',
  topic: 'topic',
  group: 'consumerGroup',
  processor: 'processor',
  'dead-letters': 'deadLetters',
} as const satisfies Record<FlowKind, string>;

export type ServiceFlowNode = Node<ServiceData, typeof FLOW_NODE_TYPE.service>;
export type TopicFlowNode = Node<TopicData, typeof FLOW_NODE_TYPE.topic>;
export type GroupFlowNode = Node<GroupData, typeof FLOW_NODE_TYPE.group>;
export type ProcessorFlowNode = Node<ProcessorData, typeof FLOW_NODE_TYPE.processor>;
export type DeadLetterFlowNode = Node<DeadLetterData, (typeof FLOW_NODE_TYPE)['dead-letters']>;
export type FlowNode =
  ServiceFlowNode | TopicFlowNode | GroupFlowNode | ProcessorFlowNode | DeadLetterFlowNode;

export type FlowEdgeData = {
  kind: TopologyEdge['kind'];
  eventsPerSec: number;
  errorRate: number | null;
  tone: Tone;
  /** What the edge's label says: "49/s", "24/s · 8% err". */
  text: string;
};
export type FlowEdge = Edge<FlowEdgeData, 'flow'>;

/** Handle boxes as React Flow's stylesheet draws them (6 px, centred on the node's side). */
const HANDLE = 6;

/** Service ingest, live, 2 instances · topic x, 12 events/s · group triage, lag 3, oldest 2s, … */
export function nodeLabel(node: TopologyNode): string {
  const health = node.health === 'ok' ? '' : `, ${node.health}`;
  switch (node.kind) {
    case 'service': {
      const state =
        node.live === null
          ? 'no heartbeat'
          : node.live
            ? `live, ${plural(node.instances, 'instance')}`
            : 'silent';
      return `service ${node.name}, ${state}${health}`;
    }
    case 'topic':
      return `topic ${node.name}, ${formatRate(node.eventsPerSec, ' events/s')}${health}`;
    case 'group': {
      const verdict = groupVerdict(node);
      const lag =
        node.lag === null ? 'lag unknown' : `lag ${formatCount(node.lag)}${verdict ? `, ${verdict}` : ''}`;
      const waited = shownWaitingAge(node);
      const age = waited === null ? '' : `, oldest ${formatDuration(waited)}`;
      const errors = node.errorRate > 0 ? `, ${formatPercent(node.errorRate)} errors` : '';
      return `group ${node.name}, ${lag}${age}, ${formatRate(node.handledPerSec, ' events/s')}${errors}${health}`;
    }
    case 'processor': {
      const lag = node.lag === null ? 'lag unknown' : `lag ${formatCount(node.lag)}`;
      const errors = node.errors > 0 ? `, ${plural(node.errors, 'error')}` : '';
      return `${node.processorKind} processor ${node.name}, ${lag}, ${formatRate(node.ratePerSec, ' events/s')}${errors}${health}`;
    }
    case 'dead-letters':
      return `dead letters, ${formatCount(node.pending)} waiting${health}`;
  }
}

/** A group without lag shows its oldest waiting (pending) entry only once it has waited this long. */
export const WAITING_SHOWN_FROM_MS = 10_000;

/**
 * The oldest-entry age a group shows: whenever it lags, and without lag when a delivered entry has
 * waited for its ack for long (a stuck handler, a retry backing off). Short waits of entries in flight
 * are not news, and would change on every tick.
 */
export function shownWaitingAge(node: { lag: number | null; lagAgeMs: number | null }): number | null {
  if (node.lagAgeMs === null) return null;
  const lagging = node.lag !== null && node.lag > 0;
  return lagging || node.lagAgeMs >= WAITING_SHOWN_FROM_MS ? node.lagAgeMs : null;
}

/** The figures a node shows, by kind; label included. */
export function nodeData(node: TopologyNode): FlowNode['data'] {
  const common = { name: node.name, health: node.health, label: nodeLabel(node) };
  switch (node.kind) {
    case 'service':
      return { ...common, live: node.live, instances: node.instances };
    case 'topic':
      return { ...common, eventsPerSec: node.eventsPerSec, length: node.length };
    case 'group': {
      const waited = shownWaitingAge(node);
      return {
        ...common,
        lag: node.lag,
        oldest: waited === null ? null : formatDuration(waited),
        verdict: groupVerdict(node),
        behind: isBehind(node.lagModel),
        handledPerSec: node.handledPerSec,
        errorRate: node.errorRate,
        liveConsumers: node.liveConsumers,
        consumers: node.consumers,
      };
    }
    case 'processor':
      return {
        ...common,
        processorKind: node.processorKind,
        lag: node.lag,
        ratePerSec: node.ratePerSec,
        errors: node.errors,
      };
    case 'dead-letters':
      return { ...common, pending: node.pending, inStreams: node.inStreams };
  }
}

/** The group's lag verdict on the topic it fares worst on; null when the model cannot tell. */
function groupVerdict(node: Extract<TopologyNode, { kind: 'group' }>): string | null {
  const model = node.lagModel;
  return model === null || model.state === 'unknown' ? null : lagVerdict(model);
}

const isBehind = (model: LagModel | null): boolean =>
  model !== null &&
  (model.state === 'draining' || model.state === 'not-draining' || model.state === 'unsure');

/**
 * ok below 5 % errors, degraded from 5 % or when the lag model says the group is not draining,
 * failing from 50 %; neutral when idle or not measured.
 */
export function edgeTone(edge: TopologyEdge): Tone {
  if (edge.kind === 'dead-letters') return edge.eventsPerSec > 0 ? 'failing' : 'neutral';
  if (edge.errorRate !== null && edge.errorRate >= FAILING_ERROR_RATE) return 'failing';
  if (edge.lagModel?.tone === 'degraded') return 'degraded';
  if (edge.errorRate === null) return 'neutral';
  if (edge.errorRate >= DEGRADED_ERROR_RATE) return 'degraded';
  return edge.eventsPerSec > 0 ? 'ok' : 'neutral';
}

export function edgeData(edge: TopologyEdge): FlowEdgeData {
  const rate = formatRate(edge.eventsPerSec);
  const errors =
    edge.errorRate !== null && edge.errorRate >= DEGRADED_ERROR_RATE
      ? ` · ${formatPercent(edge.errorRate)} err`
      : '';
  const lag = edge.lagModel?.state === 'not-draining' ? ` · ${lagVerdict(edge.lagModel)}` : '';
  return {
    kind: edge.kind,
    eventsPerSec: edge.eventsPerSec,
    errorRate: edge.errorRate,
    tone: edgeTone(edge),
    text: rate + errors + lag,
  };
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.is(a[key], b[key]));
}

/**
 * A node builder for one layout: positions come from the layout, figures from each snapshot. It
 * remembers what it built and hands back the very same object when nothing shown has changed, which is
 * what lets React Flow skip that node on a live tick. Make a new builder when the layout changes.
 */
export function createNodeBuilder(layout: Layout): (node: TopologyNode, selected: boolean) => FlowNode {
  const built = new Map<string, FlowNode>();
  return (node, selected) => {
    const data = nodeData(node);
    const previous = built.get(node.id);
    if (previous && previous.selected === selected && shallowEqual(previous.data, data)) return previous;
    const size = NODE_SIZE[node.kind];
    const next = {
      id: node.id,
      type: FLOW_NODE_TYPE[node.kind],
      position: layout.positions.get(node.id) ?? { x: 0, y: 0 },
      data,
      selected,
      // sizes, measured sizes and handles given up front: React Flow counts the node as initialised
      // at once (fitView needs that) and never re-measures it after a tick replaced the object
      width: size.width,
      height: size.height,
      measured: { ...size },
      handles: [
        {
          type: 'target',
          position: Position.Left,
          x: -HANDLE / 2,
          y: size.height / 2 - HANDLE / 2,
          width: HANDLE,
          height: HANDLE,
        },
        {
          type: 'source',
          position: Position.Right,
          x: size.width - HANDLE / 2,
          y: size.height / 2 - HANDLE / 2,
          width: HANDLE,
          height: HANDLE,
        },
      ],
    } as FlowNode; // type and data match by kind: nodeData and FLOW_NODE_TYPE both switch on node.kind
    built.set(node.id, next);
    return next;
  };
}

/**
 * Like createNodeBuilder, for edges: the same object back while its label and tone hold. Edges end in an
 * arrow head of their colour; flowing ones move only when `moving` (the user's choice, useFlowMotion).
 */
export function createEdgeBuilder(moving = false): (edge: TopologyEdge) => FlowEdge {
  const built = new Map<string, FlowEdge>();
  return (edge) => {
    const data = edgeData(edge);
    const previous = built.get(edge.id);
    if (previous?.data && shallowEqual(previous.data, data)) return previous;
    const next: FlowEdge = {
      id: edge.id,
      type: 'flow',
      source: edge.from,
      target: edge.to,
      data,
      animated: moving && edge.eventsPerSec > 0,
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: EDGE_STROKE[data.tone] },
      focusable: false,
    };
    built.set(edge.id, next);
    return next;
  };
}
