import { z } from 'zod';
import { LagModel } from './lag';

/**
 * ok: flowing; degraded: an error rate of DEGRADED_ERROR_RATE or more, an unhealthy consumer, dead
 * letters waiting, or (groups) a lag the lag model says is not draining; failing: FAILING_ERROR_RATE or more, no live consumer left, or a silent service;
 * unknown: nothing live says either way (Redis away, history only).
 */
export const NodeHealth = z.enum(['ok', 'degraded', 'failing', 'unknown']);
export type NodeHealth = z.infer<typeof NodeHealth>;

const NodeBase = z.object({
  /** `service:<name>`, `topic:<name>`, `group:<name>`, `processor:<name>` or `dead-letters`. */
  id: z.string(),
  name: z.string(),
  health: NodeHealth,
});

export const ServiceNode = NodeBase.extend({
  kind: z.literal('service'),
  /** The service's CloudEvents source; null when only its heartbeat named it. */
  source: z.string().nullable(),
  /** Heartbeat fresher than PRESENCE_STALE_MS; null when it never sent one (history only). */
  live: z.boolean().nullable(),
  lastSeenAt: z.string().nullable(),
  eventsPublished: z.number(),
  meanSizeBytes: z.number().nullable(),
  instances: z.number().int(),
});

export const TopicNode = NodeBase.extend({
  kind: z.literal('topic'),
  /** Entries in the stream now; null when Redis could not be read or the topic is not registered. */
  length: z.number().nullable(),
  eventsPerSec: z.number(),
  /** Entries in its dead-letter stream; null when Redis could not be read or the topic is not registered. */
  deadLetters: z.number().nullable(),
});

export const GroupNode = NodeBase.extend({
  kind: z.literal('group'),
  topics: z.array(z.string()),
  /** Services whose consumers are in this group (from heartbeats). */
  services: z.array(z.string()),
  /** Consumers known to Redis, and those with a fresh heartbeat. */
  consumers: z.number().int(),
  liveConsumers: z.number().int(),
  /** Summed over the group's topics; null when Redis could not tell. */
  lag: z.number().nullable(),
  /**
   * Age in ms of the oldest entry the group has not acked, the oldest over its topics: its oldest
   * pending entry (delivered, not acked) when it has one, by the entry id's time; else the first
   * recorded event after its last-delivered id (the head of its lag). 0 when caught up (no lag, nothing
   * pending); null when Redis could not tell or that entry is not recorded yet.
   */
  lagAgeMs: z.number().nullable(),
  pending: z.number().int(),
  handledPerSec: z.number(),
  errorRate: z.number(),
  /**
   * The lag model of the topic the group fares worst on (worst verdict, then largest lag), as the
   * Streams page shows it for that topic; null when Redis does not know the group.
   */
  lagModel: LagModel.nullable(),
  /** The topic `lagModel` is about. */
  lagTopic: z.string().nullable(),
});

/**
 * A stream processor (bus.streams): its consumer group folded in (no separate group node), between its
 * input topics (delivers edges in) and its output topic (a publishes edge out).
 */
export const ProcessorNode = NodeBase.extend({
  kind: z.literal('processor'),
  /** forward (filter/map/to), window, count or absence. */
  processorKind: z.enum(['forward', 'window', 'count', 'absence']),
  /** Its consumer group (`streams.<name>`). */
  group: z.string(),
  topics: z.array(z.string()),
  output: z.string(),
  outputType: z.string().nullable(),
  description: z.string().nullable(),
  services: z.array(z.string()),
  /** Processes announcing it (fresh heartbeats). */
  processes: z.number().int(),
  /** Events handled per second, summed over its processes' heartbeats. */
  ratePerSec: z.number(),
  /** As its group shows it (Redis): entries not yet delivered, summed over its topics. */
  lag: z.number().nullable(),
  pending: z.number().int(),
  /** Failed deliveries its processes counted (retried or dead-lettered), since they started. */
  errors: z.number(),
  errorRate: z.number(),
  /** Rules: alerts written; windows: results emitted. */
  fired: z.number(),
  emitted: z.number(),
  lastSeenAt: z.string().nullable(),
});

export const DeadLetterNode = NodeBase.extend({
  kind: z.literal('dead-letters'),
  /** Recorded dead letters awaiting an operator. */
  pending: z.number().int(),
  /** Entries in the topics' dead-letter streams; null when Redis could not be read. */
  inStreams: z.number().nullable(),
});

export const TopologyNode = z.discriminatedUnion('kind', [
  ServiceNode,
  TopicNode,
  GroupNode,
  ProcessorNode,
  DeadLetterNode,
]);
export type TopologyNode = z.infer<typeof TopologyNode>;

export const TopologyEdge = z.object({
  /** `<kind>:<from>-><to>`. */
  id: z.string(),
  /**
   * publishes: service or processor → topic; delivers: topic → group or processor; dead-letters: group
   * or processor → dead-letter node.
   */
  kind: z.enum(['publishes', 'delivers', 'dead-letters']),
  from: z.string(),
  to: z.string(),
  /** Over the last minute of rollups. Publishes edges share their topic's rate by recorded volume. */
  eventsPerSec: z.number(),
  /** (failed + retried) / (handled + failed + retried) over the last minute; null where not measured (publishes). */
  errorRate: z.number().nullable(),
  /** Handling latency over the last minute, from histogram buckets; null without samples. */
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Since recording began (topology_edges); for dead-letters edges, recorded dead letters. */
  totalEvents: z.number(),
  totalFailures: z.number(),
  lastSeenAt: z.string().nullable(),
  /** Delivers edges: the group's lag model on that topic; null elsewhere or when Redis does not know it. */
  lagModel: LagModel.nullable(),
});
export type TopologyEdge = z.infer<typeof TopologyEdge>;

export const Topology = z.object({
  generatedAt: z.string(),
  windowSeconds: z.number(),
  /** Whether Redis answered (presence, stream lengths); the recorded graph is served either way. */
  redis: z.object({ ok: z.boolean(), error: z.string().optional() }),
  nodes: z.array(TopologyNode),
  edges: z.array(TopologyEdge),
});
export type Topology = z.infer<typeof Topology>;

export const DEGRADED_ERROR_RATE = 0.05;
export const FAILING_ERROR_RATE = 0.5;

export const DEAD_LETTER_NODE_ID = 'dead-letters';
export const nodeId = {
  service: (name: string) => `service:${name}`,
  topic: (name: string) => `topic:${name}`,
  group: (name: string) => `group:${name}`,
  processor: (name: string) => `processor:${name}`,
};
