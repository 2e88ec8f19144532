/**
 * Every Redis key the bus touches is built here. A topic's keys share the hash tag `{topic}` so that
 * its stream, failure records and dead letters live in one Redis Cluster slot and Lua scripts may
 * touch them together.
 */
export { TOPIC_NAME } from '@/server/contracts/names';

export interface Keys {
  prefix: string;
  /** The topic's event stream. */
  stream(topic: string): string;
  /** Dead letters of every group consuming the topic (a stream). */
  deadLetters(topic: string): string;
  /** Failure bookkeeping (first failure time, last error) of one group, by entry id (a hash). */
  failures(topic: string, group: string): string;
  /**
   * Events replayed to one consumer group of the topic only (a stream): the group's subscriptions read
   * it beside the topic's stream, and no other group sees its entries. Internal: the recorder does not
   * record it as a topic (the event is already recorded from the topic it first went to).
   */
  redelivery(topic: string, group: string): string;
  /** Failure bookkeeping of entries of the group's redelivery stream (their ids are of that stream). */
  redeliveryFailures(topic: string, group: string): string;
  /** Registered topics and their retention (a hash: topic -> JSON). */
  topics(): string;
  /** Delivery outcomes written in batches for the dashboard (a capped stream). */
  telemetry(): string;
  /** Live services, by name (a hash: service -> JSON heartbeat). */
  services(): string;
  /** Live consumers, by `group/consumer` (a hash: -> JSON heartbeat). */
  consumers(): string;
  /** Sequence counter of one event source. */
  sequence(source: string): string;
  /** Per-group idempotency markers of handled events. */
  idempotency(group: string, source: string, id: string): string;
  /** A requester's reply inbox (a stream). */
  inbox(instanceId: string): string;
  /** Saga definitions announced by buses (a hash: `name@version` -> SagaDefinitionDoc JSON). */
  sagaDefinitions(): string;
  /**
   * One saga instance's durable state (a hash), under the hash tag `{sagaId}`: every transition script
   * touches this one key, so it stays atomic on a Redis Cluster.
   */
  sagaInstance(sagaId: string): string;
  /** When each unfinished instance of a definition needs looking at (a sorted set: saga id by due ms). */
  sagaTimers(name: string, version: number): string;
  /**
   * A pub/sub channel, not a key: recorders publish on it when a batch changed saga rows in the store,
   * live layers (of any process) tell the browsers (SagasChanged JSON).
   */
  sagaChanges(): string;
  /** Whether a key is one of EventLens' own internal keys (not a topic stream). */
  isInternal(key: string): boolean;
  /** The topic a stream key belongs to, or null when it is not a topic stream. */
  topicOf(streamKey: string): string | null;
  // ---- streams ----
  /**
   * One part of a stream processor's durable state (`bus.streams`), under the hash tag
   * `{sp:<processor>}`: every script of a processor touches only its own parts, so each stays atomic on
   * a Redis Cluster. Parts: `meta` (a hash: watermark and counters), `windows` (a hash: window -> JSON
   * aggregate), `open` (a sorted set: windows not emitted yet, by end), `kept` (emitted windows kept
   * for late events, by end + lateness), `seen` (a sorted set: handled events by event time, for
   * dedupe), `pending` (a hash: absence-rule first events by key), `early` (a hash: absence-rule
   * follow-ups seen before their first event), `timers` (a sorted set: absence deadlines by ms),
   * `outbox` (a hash: results written but not yet published, by field).
   */
  streamState(processor: string, part: StreamStatePart): string;
  /** The events a count rule holds for one key (a sorted set: event id by event time), same hash tag. */
  streamRuleKey(processor: string, key: string): string;
  /** Live stream processors, by `name/consumer` (a hash: -> JSON heartbeat, see streams/registry.ts). */
  streamProcessors(): string;
  // ---- projections ----
  /** Projections announced by buses, with their position, lag and rate (a hash: name -> JSON). */
  projections(): string;
  /** Every projection ever registered under the prefix (a set of names), running or not. */
  projectionNames(): string;
  /**
   * A projection's pointer and controls (a hash: active and building generation, paused, retired
   * generations). Every key of a projection shares the hash tag `{name}` (all its generations): the
   * commit, lease and swap scripts touch them together, so they stay atomic on a Redis Cluster.
   */
  projectionMeta(name: string): string;
  /** One generation's checkpoint and counters (a hash: `pos:<topic>`, `n:<topic>`, applied, ...). */
  projectionState(name: string, generation: number): string;
  /** Recently applied event ids of a generation (a sorted set: `source id` by entry time). */
  projectionSeen(name: string, generation: number): string;
  /** Which process runs a generation (a string with a TTL: the owner token). */
  projectionLease(name: string, generation: number): string;
  /** A read-model key of a generation: `key` is the projection's own name for it. */
  projectionModel(name: string, generation: number, key: string): string;
  /** The prefix every model key of a generation starts with (to build many keys fast). */
  projectionModelPrefix(name: string, generation: number): string;
  /** SCAN pattern of every key of a generation (names are restricted, so it holds no glob character). */
  projectionGenerationPattern(name: string, generation: number): string;
  // ---- aggregates ----
  /**
   * One aggregate's events (a stream whose entry ids are `<version>-0`), under its type's topic tag:
   * the append script checks the version, appends here and to the topic's stream in one slot.
   * The `:events` suffix keeps any id from making the key look like a topic stream (`…:stream`).
   */
  aggregateEvents(topic: string, type: string, id: string): string;
  /** One aggregate's latest snapshot (a hash: v, sv, state), same slot as its events. */
  aggregateSnapshot(topic: string, type: string, id: string): string;
  /** Every id of an aggregate type that has events (a set, for rebuildAll), same slot. */
  aggregateIds(topic: string, type: string): string;
  /** Aggregate types announced by processes (a hash: `type/service/host:pid` -> JSON heartbeat). */
  aggregateTypes(): string;
  /**
   * A topic name, not a key: where the console asks the processes that define an aggregate type for an
   * aggregate's history with its states (only they have `apply`). EventLens-internal: the recorder
   * does not record it and the console hides it (`isInternalTopic`).
   */
  aggregateInspectTopic(type: string): string;
  /** Whether a topic is one of EventLens' own request topics (aggregate inspection). */
  isInternalTopic(topic: string): boolean;
}

/** Topics named so are EventLens' own (requests between the console and SDK processes). */
const INTERNAL_TOPIC_PREFIX = 'eventlens.internal.';

export type StreamStatePart =
  'meta' | 'windows' | 'open' | 'kept' | 'seen' | 'pending' | 'early' | 'timers' | 'outbox';

export function createKeys(prefix = 'el'): Keys {
  const p = prefix;
  const streamPattern = new RegExp(`^${escapeRegExp(p)}:\\{(.+)\\}:stream$`);
  return {
    prefix: p,
    stream: (topic) => `${p}:{${topic}}:stream`,
    deadLetters: (topic) => `${p}:{${topic}}:dlq`,
    failures: (topic, group) => `${p}:{${topic}}:failures:${group}`,
    redelivery: (topic, group) => `${p}:{${topic}}:redelivery:${group}`,
    redeliveryFailures: (topic, group) => `${p}:{${topic}}:redelivery-failures:${group}`,
    topics: () => `${p}:topics`,
    telemetry: () => `${p}:telemetry`,
    services: () => `${p}:services`,
    consumers: () => `${p}:consumers`,
    sequence: (source) => `${p}:seq:${source}`,
    idempotency: (group, source, id) => `${p}:idem:${group}:${source}:${id}`,
    inbox: (instanceId) => `${p}:inbox:${instanceId}`,
    sagaDefinitions: () => `${p}:saga-definitions`,
    sagaChanges: () => `${p}:saga-changes`,
    sagaInstance: (sagaId) => `${p}:saga:{${sagaId}}`,
    sagaTimers: (name, version) => `${p}:saga-timers:${name}@${version}`,
    isInternal: (key) => key.startsWith(`${p}:`) && !streamPattern.test(key),
    topicOf: (key) => streamPattern.exec(key)?.[1] ?? null,
    // ---- streams ----
    streamState: (processor, part) => `${p}:sp:{sp:${processor}}:${part}`,
    streamRuleKey: (processor, key) => `${p}:sp:{sp:${processor}}:count:${key}`,
    streamProcessors: () => `${p}:stream-processors`,
    // ---- projections ----
    projections: () => `${p}:projections`,
    projectionNames: () => `${p}:projection-names`,
    projectionMeta: (name) => `${p}:projection:{${name}}:meta`,
    projectionState: (name, gen) => `${p}:projection:{${name}}:g${gen}:state`,
    projectionSeen: (name, gen) => `${p}:projection:{${name}}:g${gen}:seen`,
    projectionLease: (name, gen) => `${p}:projection:{${name}}:g${gen}:lease`,
    projectionModel: (name, gen, key) => `${p}:projection:{${name}}:g${gen}:m:${key}`,
    projectionModelPrefix: (name, gen) => `${p}:projection:{${name}}:g${gen}:m:`,
    projectionGenerationPattern: (name, gen) => `${p}:projection:{${name}}:g${gen}:*`,
    // ---- aggregates ----
    aggregateEvents: (topic, type, id) => `${p}:{${topic}}:agg:${type}:${id}:events`,
    aggregateSnapshot: (topic, type, id) => `${p}:{${topic}}:agg:${type}:${id}:snapshot`,
    aggregateIds: (topic, type) => `${p}:{${topic}}:agg-ids:${type}`,
    aggregateTypes: () => `${p}:aggregate-types`,
    aggregateInspectTopic: (type) => `${INTERNAL_TOPIC_PREFIX}aggregate-inspect.${type}`,
    isInternalTopic: (topic) => topic.startsWith(INTERNAL_TOPIC_PREFIX),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
