import { z } from 'zod';

/**
 * What Redis says right now, as `server/bus/inspect/` reads it: streams, groups, consumers, pending
 * entries, presence heartbeats. Read models combine these snapshots with the store's history, and the
 * live layer may push them as they are.
 */

/** A heartbeat older than this (three missed beats of the SDK's 5 s heartbeat) means "not alive". */
export const PRESENCE_STALE_MS = 15_000;

export const ServicePresence = z.object({
  service: z.string(),
  source: z.string(),
  host: z.string(),
  pid: z.number(),
  publishes: z.array(z.string()),
  /** Group names this service consumes in. */
  subscriptions: z.array(z.string()),
  /** Epoch ms of the last heartbeat. */
  lastSeen: z.number(),
});
export type ServicePresence = z.infer<typeof ServicePresence>;

export const ConsumerPresence = z.object({
  service: z.string(),
  group: z.string(),
  consumer: z.string(),
  topics: z.array(z.string()),
  host: z.string(),
  pid: z.number(),
  /** `starting`, `running`, `stopping`, or the circuit breaker's `open` / `half-open`. */
  state: z.string(),
  inFlight: z.number(),
  lastSeen: z.number(),
});
export type ConsumerPresence = z.infer<typeof ConsumerPresence>;

/** A stream processor's heartbeat (server/bus/streams/registry.ts ProcessorPresence), one per process. */
export const ProcessorPresence = z.object({
  name: z.string(),
  /** forward (filter/map/to), window, or a complex-event rule: count, absence. */
  kind: z.enum(['forward', 'window', 'count', 'absence']),
  service: z.string(),
  /** Its consumer group (`streams.<name>`). */
  group: z.string(),
  consumer: z.string(),
  topics: z.array(z.string()),
  output: z.string(),
  /** Type of the events it publishes; absent when a forward keeps each input's type. */
  outputType: z.string().optional(),
  rule: z.object({ count: z.number().optional(), withinMs: z.number() }).optional(),
  description: z.string().optional(),
  host: z.string(),
  pid: z.number(),
  ratePerSec: z.number(),
  lag: z.number().nullable(),
  errors: z.number(),
  applied: z.number(),
  emitted: z.number(),
  corrected: z.number(),
  dropped: z.number(),
  fired: z.number(),
  matched: z.number(),
  watermark: z.number().nullable(),
  lastSeen: z.number(),
});
export type ProcessorPresence = z.infer<typeof ProcessorPresence>;

export const PresenceSnapshot = z.object({
  services: z.array(ServicePresence),
  consumers: z.array(ConsumerPresence),
  /** Stream processors' heartbeats (every process running one). */
  processors: z.array(ProcessorPresence),
  /** Heartbeat entries that did not parse (hand-written or from an incompatible SDK). */
  invalid: z.number().int(),
});
export type PresenceSnapshot = z.infer<typeof PresenceSnapshot>;

/** How long a topic's stream keeps entries (the SDK's topic registry). */
export const Retention = z.union([z.object({ maxLen: z.number() }), z.object({ maxAgeMs: z.number() })]);
export type Retention = z.infer<typeof Retention>;

/** One consumer of a group, from XINFO CONSUMERS. */
export const ConsumerInfo = z.object({
  name: z.string(),
  pending: z.number().int(),
  /** Since the consumer's last attempted interaction (read or claim). */
  idleMs: z.number(),
  /** Since its last successful interaction; null before Redis 7.2. */
  inactiveMs: z.number().nullable(),
});
export type ConsumerInfo = z.infer<typeof ConsumerInfo>;

/** One consumer group of a stream, from XINFO GROUPS (+ its consumers). */
export const GroupInfo = z.object({
  name: z.string(),
  consumers: z.number().int(),
  pending: z.number().int(),
  lastDeliveredId: z.string(),
  /** Null before Redis 7. */
  entriesRead: z.number().nullable(),
  /** Entries not yet delivered to the group; null when Redis cannot tell (after deletions) or before 7. */
  lag: z.number().nullable(),
  /** The smallest id among the group's pending (delivered, not acked) entries; null when none is. */
  oldestPendingId: z.string().nullable(),
  consumerList: z.array(ConsumerInfo),
});
export type GroupInfo = z.infer<typeof GroupInfo>;

export const TopicInfo = z.object({
  topic: z.string(),
  stream: z.string(),
  /** Whether the stream key exists (a registered topic may have no entries yet). */
  exists: z.boolean(),
  length: z.number().int(),
  groups: z.array(GroupInfo),
});
export type TopicInfo = z.infer<typeof TopicInfo>;

/** Every registered topic with its groups and consumers, dead-letter stream lengths and presence. */
export const BusState = z.object({
  /** Epoch ms when Redis was read. */
  at: z.number(),
  topics: z.array(TopicInfo.extend({ retention: Retention, deadLetters: z.number().int() })),
  presence: PresenceSnapshot,
});
export type BusState = z.infer<typeof BusState>;

/** A topic's stream, from XINFO STREAM and the topic registry. */
export const StreamState = z.object({
  topic: z.string(),
  stream: z.string(),
  exists: z.boolean(),
  length: z.number().int(),
  /** Oldest entry still in the stream; null when empty. */
  firstId: z.string().nullable(),
  /** Newest entry still in the stream; null when empty. */
  lastId: z.string().nullable(),
  /** The id the stream generated last (it may have been deleted since). */
  lastGeneratedId: z.string().nullable(),
  /** Entries ever added (Redis 7+); null before 7 or without the stream. */
  entriesAdded: z.number().nullable(),
  groups: z.number().int(),
  retention: Retention,
  /** Entries in the topic's dead-letter stream. */
  deadLetters: z.number().int(),
});
export type StreamState = z.infer<typeof StreamState>;

/** A histogram bucket: `min` inclusive, `max` exclusive (null: no upper bound). */
export const HistogramBucket = z.object({
  label: z.string(),
  min: z.number(),
  max: z.number().nullable(),
  count: z.number().int(),
});
export type HistogramBucket = z.infer<typeof HistogramBucket>;

/** One pending entry (XPENDING extended form). */
export const PendingEntry = z.object({
  id: z.string(),
  consumer: z.string(),
  idleMs: z.number(),
  deliveries: z.number().int(),
});
export type PendingEntry = z.infer<typeof PendingEntry>;

/** Idle-time upper bounds (ms) of the pending-entry histogram; the last bucket is everything above. */
export const PENDING_IDLE_BUCKETS_MS = [1_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000] as const;
/** Delivery-count lower bounds of the pending-entry histogram: 1, 2, 3, 4–5, 6–10, 11+. */
export const PENDING_DELIVERY_BUCKETS = [1, 2, 3, 4, 6, 11] as const;

/** What the oldest pending entries of a group look like (up to `sampled` of `total`). */
export const PendingSummary = z.object({
  total: z.number().int(),
  /** Entries examined, oldest first; equals `total` unless the group has more than the sample size. */
  sampled: z.number().int(),
  oldestId: z.string().nullable(),
  idleHistogram: z.array(HistogramBucket),
  deliveryHistogram: z.array(HistogramBucket),
  /** Sampled entries idle at least `stuckAfterMs`: delivered but neither acked nor reclaimed. */
  stuckCount: z.number().int(),
  /** The oldest of the stuck entries (at most MAX_STUCK_LISTED). */
  stuck: z.array(PendingEntry),
});
export type PendingSummary = z.infer<typeof PendingSummary>;

export const MAX_STUCK_LISTED = 20;

/** A consumer as XINFO CONSUMERS reports it, with its heartbeat when it runs on the SDK. */
export const ConsumerDetail = ConsumerInfo.extend({
  service: z.string().nullable(),
  /** SDK state from the heartbeat; null for consumers without one (foreign consumers). */
  state: z.string().nullable(),
  /** Heartbeat fresher than PRESENCE_STALE_MS; null when the consumer has no heartbeat. */
  alive: z.boolean().nullable(),
  lastSeenAt: z.string().nullable(),
  inFlight: z.number().nullable(),
});
export type ConsumerDetail = z.infer<typeof ConsumerDetail>;

/** A consumer group with its consumers and the shape of its pending entries. */
export const GroupInspection = z.object({
  topic: z.string(),
  stream: z.string(),
  name: z.string(),
  lag: z.number().nullable(),
  pending: z.number().int(),
  lastDeliveredId: z.string(),
  entriesRead: z.number().nullable(),
  consumers: z.array(ConsumerDetail),
  pendingEntries: PendingSummary,
});
export type GroupInspection = z.infer<typeof GroupInspection>;

/** A read of Redis that may have failed: read models serve the store's side either way. */
export type BusRead = { ok: true; state: BusState } | { ok: false; error: string };
