import {
  DEAD_LETTER_NODE_ID,
  nodeId,
  type Topology,
  type TopologyEdge,
  type TopologyNode,
} from '@/server/contracts/topology';

export interface SyntheticOptions {
  services?: number;
  topics?: number;
  groups?: number;
  /** ISO time stamped on the snapshot. */
  generatedAt?: string;
}

/**
 * A deterministic topology of `services + topics + groups + 1` nodes (120 by default: 30 services,
 * 40 topics, 49 groups and the dead letters) wired like a real bus: every service publishes to one or
 * two topics, every group reads one or two topics, one group in seven dead-letters. For layout and
 * rendering checks at the size the flows page must stay smooth at; no randomness, so runs compare.
 */
export function syntheticTopology(options: SyntheticOptions = {}): Topology {
  const serviceCount = options.services ?? 30;
  const topicCount = options.topics ?? 40;
  const groupCount = options.groups ?? 49;
  const at = options.generatedAt ?? '2025-03-01T12:00:00.000Z';
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const edge = (
    kind: TopologyEdge['kind'],
    from: string,
    to: string,
    eventsPerSec: number,
  ): TopologyEdge => ({
    id: `${kind}:${from}->${to}`,
    kind,
    from,
    to,
    eventsPerSec,
    errorRate: kind === 'delivers' ? (eventsPerSec % 7) / 20 : null,
    p50Ms: kind === 'delivers' ? 4 : null,
    p95Ms: kind === 'delivers' ? 20 : null,
    totalEvents: Math.round(eventsPerSec * 3_600),
    totalFailures: 0,
    lastSeenAt: at,
    lagModel: null,
  });

  const topicName = (i: number) => `topic-${String(i).padStart(2, '0')}`;
  for (let i = 0; i < topicCount; i++) {
    nodes.push({
      id: nodeId.topic(topicName(i)),
      kind: 'topic',
      name: topicName(i),
      health: 'ok',
      length: 1_000 + i,
      eventsPerSec: 5 + (i % 9),
      deadLetters: i % 5 === 0 ? 2 : 0,
    });
  }
  for (let i = 0; i < serviceCount; i++) {
    const name = `service-${String(i).padStart(2, '0')}`;
    nodes.push({
      id: nodeId.service(name),
      kind: 'service',
      name,
      health: i % 11 === 0 ? 'degraded' : 'ok',
      source: `/services/${name}`,
      live: true,
      lastSeenAt: at,
      eventsPublished: 10_000 + i,
      meanSizeBytes: 400,
      instances: 1 + (i % 3),
    });
    const targets = new Set([i % topicCount, (i * 7 + 3) % topicCount]);
    for (const t of targets)
      edges.push(edge('publishes', nodeId.service(name), nodeId.topic(topicName(t)), 3));
  }
  const deadLettering: string[] = [];
  for (let i = 0; i < groupCount; i++) {
    const name = `group-${String(i).padStart(2, '0')}`;
    const topics = [...new Set([i % topicCount, (i * 3 + 1) % topicCount])].map(topicName).sort();
    const lag = i % 4 === 0 ? i * 10 : 0;
    nodes.push({
      id: nodeId.group(name),
      kind: 'group',
      name,
      health: i % 13 === 0 ? 'failing' : i % 6 === 0 ? 'degraded' : 'ok',
      topics,
      services: [`service-${String(i % serviceCount).padStart(2, '0')}`],
      consumers: 2,
      liveConsumers: 2,
      lag,
      lagAgeMs: lag > 0 ? lag * 100 : 0,
      pending: i % 3,
      handledPerSec: 4 + (i % 5),
      errorRate: (i % 7) / 20,
      lagModel: null,
      lagTopic: null,
    });
    for (const t of topics) edges.push(edge('delivers', nodeId.topic(t), nodeId.group(name), 4 + (i % 5)));
    if (i % 7 === 0) deadLettering.push(name);
  }
  nodes.push({
    id: DEAD_LETTER_NODE_ID,
    kind: 'dead-letters',
    name: 'dead letters',
    health: 'degraded',
    pending: deadLettering.length * 3,
    inStreams: deadLettering.length * 2,
  });
  for (const name of deadLettering)
    edges.push(edge('dead-letters', nodeId.group(name), DEAD_LETTER_NODE_ID, 0.1));

  return {
    generatedAt: at,
    windowSeconds: 60,
    redis: { ok: true },
    nodes,
    edges: edges.sort((a, b) => a.id.localeCompare(b.id)),
  };
}
