import { PRESENCE_STALE_MS, type ProcessorPresence } from '@/server/contracts/bus-state';
import { nodeId, type TopologyEdge, type TopologyNode } from '@/server/contracts/topology';
import type { GroupNode } from './groups';
import type { TopicNodes } from './topics';

export type ProcessorNode = Extract<TopologyNode, { kind: 'processor' }>;

export interface Folded {
  groups: GroupNode[];
  processors: ProcessorNode[];
  edges: TopologyEdge[];
}

/**
 * Stream processors as their own nodes: each processor's consumer group (`streams.<name>`) becomes the
 * processor node (its lag, pending, error rate and health carried over, so it is not drawn twice), its
 * edges move onto it, and a publishes edge goes to its output topic. Runs once per snapshot over what
 * the graph already holds: linear in nodes + edges, no extra reads.
 */
export function foldProcessors(
  groups: readonly GroupNode[],
  edges: readonly TopologyEdge[],
  presences: readonly ProcessorPresence[],
  topics: TopicNodes,
  nowMs: number,
): Folded {
  if (presences.length === 0) return { groups: [...groups], processors: [], edges: [...edges] };
  const byName = new Map<string, ProcessorPresence[]>();
  for (const p of presences) {
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }
  const groupByName = new Map(groups.map((g) => [g.name, g]));
  const moved = new Map<string, string>(); // group node id → processor node id
  const processors: ProcessorNode[] = [];
  for (const [name, beats] of byName) {
    const first = beats[0]!;
    const group = groupByName.get(first.group);
    const node = processorNode(name, beats, group, nowMs);
    processors.push(node);
    if (group) moved.set(group.id, node.id);
  }
  const out = new Map<string, TopologyEdge>();
  for (const edge of edges) {
    const from = moved.get(edge.from) ?? edge.from;
    const to = moved.get(edge.to) ?? edge.to;
    const id = `${edge.kind}:${from}->${to}`;
    out.set(id, from === edge.from && to === edge.to ? edge : { ...edge, id, from, to });
  }
  for (const node of processors) {
    const topic = topics.get(node.output);
    const id = `publishes:${node.id}->${topic.id}`;
    out.set(id, {
      id,
      kind: 'publishes',
      from: node.id,
      to: topic.id,
      // the topic's rate, at most what the processor handles: other services may publish there too
      eventsPerSec: Math.min(topic.eventsPerSec, node.ratePerSec),
      errorRate: null,
      p50Ms: null,
      p95Ms: null,
      totalEvents: node.processorKind === 'forward' ? 0 : node.fired + node.emitted,
      totalFailures: 0,
      lastSeenAt: node.lastSeenAt,
      lagModel: null,
    });
  }
  return {
    groups: groups.filter((g) => !moved.has(g.id)),
    processors,
    edges: [...out.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

function processorNode(
  name: string,
  beats: readonly ProcessorPresence[],
  group: GroupNode | undefined,
  nowMs: number,
): ProcessorNode {
  const first = beats[0]!;
  const fresh = beats.filter((b) => nowMs - b.lastSeen < PRESENCE_STALE_MS);
  const latest = beats.reduce((a, b) => (b.lastSeen > a.lastSeen ? b : a));
  // counters live in Redis (shared by every process): the freshest beat has the latest
  const health = fresh.length === 0 ? 'failing' : (group?.health ?? 'unknown');
  return {
    id: nodeId.processor(name),
    kind: 'processor',
    name,
    health,
    processorKind: first.kind,
    group: first.group,
    topics: [...new Set(beats.flatMap((b) => b.topics))].sort(),
    output: first.output,
    outputType: first.outputType ?? null,
    description: latest.description ?? beats.find((b) => b.description)?.description ?? null,
    services: [...new Set(beats.map((b) => b.service))].sort(),
    processes: fresh.length,
    ratePerSec: Math.round(fresh.reduce((sum, b) => sum + b.ratePerSec, 0) * 100) / 100,
    lag: group?.lag ?? latest.lag,
    pending: group?.pending ?? 0,
    errors: beats.reduce((sum, b) => sum + b.errors, 0),
    errorRate: group?.errorRate ?? 0,
    fired: latest.fired,
    emitted: latest.emitted,
    lastSeenAt: new Date(latest.lastSeen).toISOString(),
  };
}
