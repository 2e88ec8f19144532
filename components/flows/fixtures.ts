/** A small topology shaped like the demo's threat pipeline, for unit tests of the flows view. */
import type { Topology, TopologyEdge, TopologyNode } from '@/server/contracts/topology';

const at = '2025-03-01T12:00:00.000Z';

const service = (name: string, publishes: number, extra: Partial<TopologyNode> = {}): TopologyNode =>
  ({
    id: `service:${name}`,
    kind: 'service',
    name,
    health: 'ok',
    source: `/services/${name}`,
    live: true,
    lastSeenAt: at,
    eventsPublished: publishes,
    meanSizeBytes: 410,
    instances: 2,
    ...extra,
  }) as TopologyNode;

const topic = (name: string, eventsPerSec: number): TopologyNode => ({
  id: `topic:${name}`,
  kind: 'topic',
  name,
  health: 'ok',
  length: 5_000,
  eventsPerSec,
  deadLetters: 0,
});

const group = (
  name: string,
  topics: string[],
  services: string[],
  extra: Partial<Extract<TopologyNode, { kind: 'group' }>> = {},
): TopologyNode => ({
  id: `group:${name}`,
  kind: 'group',
  name,
  health: 'ok',
  topics,
  services,
  consumers: 2,
  liveConsumers: 2,
  lag: 0,
  lagAgeMs: 0,
  pending: 1,
  handledPerSec: 40,
  errorRate: 0.01,
  lagModel: null,
  lagTopic: null,
  ...extra,
});

const edge = (
  kind: TopologyEdge['kind'],
  from: string,
  to: string,
  eventsPerSec: number,
  errorRate: number | null = kind === 'delivers' ? 0.01 : null,
): TopologyEdge => ({
  id: `${kind}:${from}->${to}`,
  kind,
  from,
  to,
  eventsPerSec,
  errorRate,
  lagModel: null,
  p50Ms: kind === 'delivers' ? 3 : null,
  p95Ms: kind === 'delivers' ? 18 : null,
  totalEvents: 1_000,
  totalFailures: 10,
  lastSeenAt: at,
});

/**
 * ingest ─▶ threat.signals ─[validate]  validate ─▶ threat.validated ─[siem-export (slow, lagging)]
 *                                                                   └[analyze]
 * siem-export dead-letters; a history-only service `legacy` published to `audit` once.
 */
export function demoLikeTopology(): Topology {
  return {
    generatedAt: at,
    windowSeconds: 60,
    redis: { ok: true },
    nodes: [
      service('ingest', 120_000),
      service('legacy', 7, { live: null, health: 'unknown', instances: 0 } as Partial<TopologyNode>),
      service('siem-exporter', 0),
      service('validate', 118_000),
      topic('audit', 0),
      topic('threat.signals', 50),
      topic('threat.validated', 48),
      group('analyze', ['threat.validated'], ['analyze']),
      group('siem-export', ['threat.validated'], ['siem-exporter'], {
        health: 'degraded',
        lag: 1_234,
        lagAgeMs: 130_000,
        handledPerSec: 24,
        errorRate: 0.08,
      }),
      group('validate', ['threat.signals'], ['validate']),
      {
        id: 'dead-letters',
        kind: 'dead-letters',
        name: 'dead letters',
        health: 'degraded',
        pending: 12,
        inStreams: 12,
      },
    ],
    edges: [
      edge('dead-letters', 'group:siem-export', 'dead-letters', 0.2),
      edge('delivers', 'topic:threat.signals', 'group:validate', 49),
      edge('delivers', 'topic:threat.validated', 'group:analyze', 48),
      edge('delivers', 'topic:threat.validated', 'group:siem-export', 24, 0.08),
      edge('publishes', 'service:ingest', 'topic:threat.signals', 50),
      edge('publishes', 'service:legacy', 'topic:audit', 0),
      edge('publishes', 'service:validate', 'topic:threat.validated', 48),
    ],
  };
}
