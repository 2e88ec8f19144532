import { nodeId, type Topology, type TopologyEdge, type TopologyNode } from '@/server/contracts/topology';

/** What the graph is narrowed to; null shows everything. Both set: nodes that match both. */
export interface FlowFilter {
  topic: string | null;
  service: string | null;
}

export interface FilteredGraph {
  nodes: readonly TopologyNode[];
  edges: readonly TopologyEdge[];
}

/**
 * The part of the graph a filter asks for, keeping the snapshot's own node and edge objects (a live
 * tick then changes only what changed). Edges stay when both their ends do.
 *
 * - topic: the topic, its publishers, the groups and processors it delivers to, when they dead-letter
 *   the dead letters, and the processors' output topics.
 * - service: the service, the topics it publishes and who reads them, and the groups it consumes in
 *   with the topics that feed them.
 */
export function filterTopology(topology: Topology, filter: FlowFilter): FilteredGraph {
  if (filter.topic === null && filter.service === null) return topology;
  const out = new Map<string, TopologyEdge[]>();
  const into = new Map<string, TopologyEdge[]>();
  for (const edge of topology.edges) {
    append(out, edge.from, edge);
    append(into, edge.to, edge);
  }
  const keep = (ids: Set<string> | null, next: Set<string>) =>
    ids === null ? next : new Set([...ids].filter((id) => next.has(id)));

  let ids: Set<string> | null = null;
  if (filter.topic !== null) ids = keep(ids, aroundTopic(nodeId.topic(filter.topic), out, into));
  if (filter.service !== null) ids = keep(ids, aroundService(topology, filter.service, out, into));
  const kept = ids ?? new Set<string>();
  return {
    nodes: topology.nodes.filter((n) => kept.has(n.id)),
    edges: topology.edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
  };
}

type Adjacency = ReadonlyMap<string, readonly TopologyEdge[]>;

function append(map: Map<string, TopologyEdge[]>, key: string, edge: TopologyEdge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

function aroundTopic(topic: string, out: Adjacency, into: Adjacency): Set<string> {
  const ids = new Set<string>([topic]);
  for (const edge of into.get(topic) ?? []) if (edge.kind === 'publishes') ids.add(edge.from);
  for (const edge of out.get(topic) ?? []) {
    if (edge.kind !== 'delivers') continue;
    ids.add(edge.to);
    // a processor's reader keeps its output topic: its node makes no sense cut from where it writes
    for (const next of out.get(edge.to) ?? [])
      if (next.kind === 'dead-letters' || next.kind === 'publishes') ids.add(next.to);
  }
  return ids;
}

function aroundService(topology: Topology, service: string, out: Adjacency, into: Adjacency): Set<string> {
  const self = nodeId.service(service);
  const ids = new Set<string>([self]);
  const addGroup = (group: string) => {
    ids.add(group);
    for (const next of out.get(group) ?? [])
      if (next.kind === 'dead-letters' || next.kind === 'publishes') ids.add(next.to);
  };
  for (const edge of out.get(self) ?? []) {
    if (edge.kind !== 'publishes') continue;
    ids.add(edge.to);
    for (const delivery of out.get(edge.to) ?? []) if (delivery.kind === 'delivers') addGroup(delivery.to);
  }
  for (const node of topology.nodes) {
    if ((node.kind !== 'group' && node.kind !== 'processor') || !node.services.includes(service)) continue;
    addGroup(node.id);
    for (const edge of into.get(node.id) ?? []) if (edge.kind === 'delivers') ids.add(edge.from);
  }
  return ids;
}

/** Topic and service names to offer in the filter, sorted. */
export function filterOptions(topology: Topology): { topics: string[]; services: string[] } {
  const topics: string[] = [];
  const services: string[] = [];
  for (const node of topology.nodes) {
    if (node.kind === 'topic') topics.push(node.name);
    else if (node.kind === 'service') services.push(node.name);
  }
  return { topics: topics.sort(), services: services.sort() };
}
