/**
 * What Redis says about the bus right now, typed: streams (XINFO STREAM), consumer groups (XINFO
 * GROUPS), consumers (XINFO CONSUMERS), pending entries (XPENDING, extended form), dead-letter stream
 * lengths and presence heartbeats. Shared by the CLI, the REST API (through server/services) and the
 * live layer. Every function reads a bounded amount in a fixed number of pipelined round trips,
 * whatever the number of topics and groups, and throws BusUnavailableError when Redis does not answer.
 */
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import {
  ConsumerPresence,
  PENDING_DELIVERY_BUCKETS,
  PENDING_IDLE_BUCKETS_MS,
  PRESENCE_STALE_MS,
  ServicePresence,
  MAX_STUCK_LISTED,
  type BusState,
  type ConsumerDetail,
  type ConsumerInfo,
  type GroupInfo,
  type GroupInspection,
  type HistogramBucket,
  type PendingEntry,
  type PendingSummary,
  type PresenceSnapshot,
  type Retention,
  type StreamState,
  type TopicInfo,
} from '@/server/contracts/bus-state';
import { BusUnavailableError } from './errors';
import type { Keys } from './keys';
import { flatToRecord } from './presence';
import { DEFAULT_RETENTION, TopicRegistry } from './topics';

export type { ConsumerInfo, GroupInfo, TopicInfo } from '@/server/contracts/bus-state';

type Results = [Error | null, unknown][] | null;

/** Runs a read, turning a connection failure into BusUnavailableError (HTTP 503, CLI exit 3). */
async function reading<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BusUnavailableError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BusUnavailableError(`${what}: ${reason}`, { cause: error });
  }
}

async function exec(pipeline: ReturnType<Redis['pipeline']>): Promise<[Error | null, unknown][]> {
  return ((await pipeline.exec()) as Results) ?? [];
}

/** Registered topics (the SDK's topic registry) and their retention, sorted by name. */
export async function registeredTopics(redis: Redis, keys: Keys): Promise<Map<string, Retention>> {
  const list = await reading('reading the topic registry', () => new TopicRegistry(redis, keys).list());
  return new Map([...list.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Stream length, consumer groups and consumers of topics. Two pipelined round trips. */
export async function describeTopics(
  redis: Redis,
  keys: Keys,
  topics: readonly string[],
): Promise<TopicInfo[]> {
  if (topics.length === 0) return [];
  return reading('describing topics', async () => {
    const first = redis.pipeline();
    for (const topic of topics) {
      first.exists(keys.stream(topic));
      first.xlen(keys.stream(topic));
      first.xinfo('GROUPS', keys.stream(topic));
    }
    const firstResults = await exec(first);
    const infos: TopicInfo[] = topics.map((topic, i) => {
      const [, exists] = firstResults[i * 3] ?? [null, 0];
      const [, length] = firstResults[i * 3 + 1] ?? [null, 0];
      const [groupsError, groups] = firstResults[i * 3 + 2] ?? [null, []];
      return {
        topic,
        stream: keys.stream(topic),
        exists: Number(exists) === 1,
        length: Number(length ?? 0),
        // "no such key" for a registered topic without entries: no groups
        groups: groupsError ? [] : (groups as unknown[][]).map(flatToRecord).map(toGroup),
      };
    });

    const second = redis.pipeline();
    const targets: GroupInfo[] = [];
    for (const info of infos) {
      for (const group of info.groups) {
        second.xinfo('CONSUMERS', info.stream, group.name);
        targets.push(group);
      }
    }
    if (targets.length > 0) {
      const results = await exec(second);
      targets.forEach((group, i) => {
        const [error, consumers] = results[i] ?? [null, []];
        if (!error) group.consumerList = (consumers as unknown[][]).map(flatToRecord).map(toConsumer);
      });
    }
    return infos;
  });
}

/** Service and consumer heartbeats; entries that do not parse are counted, not thrown. */
export async function readPresence(redis: Redis, keys: Keys): Promise<PresenceSnapshot> {
  const [services, consumers] = await reading('reading presence', async () => {
    const results = await exec(redis.pipeline().hgetall(keys.services()).hgetall(keys.consumers()));
    return results.map(([error, value]) => {
      if (error) throw error;
      return (value ?? {}) as Record<string, string>;
    });
  });
  let invalid = 0;
  function parseEach<T>(values: Record<string, string>, schema: z.ZodType<T>): T[] {
    const out: T[] = [];
    for (const json of Object.values(values)) {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        value = undefined; // not JSON: counted as invalid below
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) out.push(parsed.data);
      else invalid += 1;
    }
    return out;
  }
  const serviceList = parseEach(services ?? {}, ServicePresence).sort((a, b) =>
    a.service.localeCompare(b.service),
  );
  const consumerList = parseEach(consumers ?? {}, ConsumerPresence).sort(
    (a, b) => a.group.localeCompare(b.group) || a.consumer.localeCompare(b.consumer),
  );
  return { services: serviceList, consumers: consumerList, invalid };
}

/** Lengths of the topics' dead-letter streams, by topic. One round trip. */
export async function deadLetterLengths(
  redis: Redis,
  keys: Keys,
  topics: readonly string[],
): Promise<Map<string, number>> {
  if (topics.length === 0) return new Map();
  return reading('reading dead-letter streams', async () => {
    const pipeline = redis.pipeline();
    for (const topic of topics) pipeline.xlen(keys.deadLetters(topic));
    const results = await exec(pipeline);
    return new Map(topics.map((topic, i) => [topic, Number(results[i]?.[1] ?? 0)]));
  });
}

/** Every registered topic with groups, consumers, dead-letter lengths and presence: the bus at a glance. */
export async function inspectBus(redis: Redis, keys: Keys): Promise<BusState> {
  const at = Date.now();
  const registry = await registeredTopics(redis, keys);
  const names = [...registry.keys()];
  const [infos, deadLetters, presence] = await Promise.all([
    describeTopics(redis, keys, names),
    deadLetterLengths(redis, keys, names),
    readPresence(redis, keys),
  ]);
  return {
    at,
    topics: infos.map((info) => ({
      ...info,
      retention: registry.get(info.topic) ?? DEFAULT_RETENTION,
      deadLetters: deadLetters.get(info.topic) ?? 0,
    })),
    presence,
  };
}

export interface StreamsOptions {
  /** Default: every registered topic. Unregistered names are reported too (with the default retention). */
  topics?: readonly string[];
}

/** Each topic's stream: length, first and last ids, groups, retention, dead letters. Two round trips. */
export async function inspectStreams(
  redis: Redis,
  keys: Keys,
  options: StreamsOptions = {},
): Promise<StreamState[]> {
  const registry = await registeredTopics(redis, keys);
  const topics = options.topics ? [...new Set(options.topics)].sort() : [...registry.keys()];
  if (topics.length === 0) return [];
  return reading('reading streams', async () => {
    const pipeline = redis.pipeline();
    for (const topic of topics) {
      pipeline.xinfo('STREAM', keys.stream(topic));
      pipeline.xlen(keys.deadLetters(topic));
    }
    const results = await exec(pipeline);
    return topics.map((topic, i): StreamState => {
      const [error, flat] = results[i * 2] ?? [null, null];
      const deadLetters = Number(results[i * 2 + 1]?.[1] ?? 0);
      const retention = registry.get(topic) ?? DEFAULT_RETENTION;
      const stream = keys.stream(topic);
      // "no such key": a registered topic nothing was published to yet (or a trimmed-away one)
      if (error || !Array.isArray(flat)) {
        return {
          topic,
          stream,
          exists: false,
          length: 0,
          firstId: null,
          lastId: null,
          lastGeneratedId: null,
          entriesAdded: null,
          groups: 0,
          retention,
          deadLetters,
        };
      }
      const info = flatToRecord(flat);
      const length = Number(info.length ?? 0);
      return {
        topic,
        stream,
        exists: true,
        length,
        firstId: length > 0 ? entryId(info['first-entry']) : null,
        lastId: length > 0 ? entryId(info['last-entry']) : null,
        lastGeneratedId: nonZeroId(info['last-generated-id']),
        entriesAdded: nullableNumber(info['entries-added']),
        groups: Number(info.groups ?? 0),
        retention,
        deadLetters,
      };
    });
  });
}

export interface GroupsOptions {
  /** Default: every registered topic. */
  topics?: readonly string[];
  /** Only these group names. */
  groups?: readonly string[];
  /** Pending entries idle at least this long are stuck. */
  stuckAfterMs: number;
  /** Pending entries examined per group, oldest first. */
  sample: number;
}

/**
 * Every group of the topics with its consumers (merged with their heartbeats) and the idle-time and
 * delivery-count distributions of its oldest `sample` pending entries. Four round trips.
 */
export async function inspectGroups(
  redis: Redis,
  keys: Keys,
  options: GroupsOptions,
): Promise<GroupInspection[]> {
  const topics = options.topics
    ? [...new Set(options.topics)].sort()
    : [...(await registeredTopics(redis, keys)).keys()];
  const [infos, presence] = await Promise.all([
    describeTopics(redis, keys, topics),
    readPresence(redis, keys),
  ]);
  const wanted = options.groups ? new Set(options.groups) : null;
  const targets = infos.flatMap((info) =>
    info.groups.filter((group) => !wanted || wanted.has(group.name)).map((group) => ({ info, group })),
  );
  if (targets.length === 0) return [];

  const pendingByGroup = await reading('reading pending entries', async () => {
    const pipeline = redis.pipeline();
    for (const { info, group } of targets) {
      if (group.pending > 0) pipeline.xpending(info.stream, group.name, '-', '+', options.sample);
    }
    const results = await exec(pipeline);
    let next = 0;
    return targets.map(({ group }) => {
      if (group.pending === 0) return [];
      const [error, rows] = results[next++] ?? [null, []];
      return error ? [] : (rows as unknown[][]).map(toPendingEntry);
    });
  });

  const now = Date.now();
  const heartbeats = new Map(presence.consumers.map((c) => [`${c.group}/${c.consumer}`, c]));
  return targets.map(({ info, group }, i) => ({
    topic: info.topic,
    stream: info.stream,
    name: group.name,
    lag: group.lag,
    pending: group.pending,
    lastDeliveredId: group.lastDeliveredId,
    entriesRead: group.entriesRead,
    consumers: group.consumerList.map((consumer): ConsumerDetail => {
      const beat = heartbeats.get(`${group.name}/${consumer.name}`);
      return {
        ...consumer,
        service: beat?.service ?? null,
        state: beat?.state ?? null,
        alive: beat ? now - beat.lastSeen < PRESENCE_STALE_MS : null,
        lastSeenAt: beat ? new Date(beat.lastSeen).toISOString() : null,
        inFlight: beat?.inFlight ?? null,
      };
    }),
    pendingEntries: summarizePending(pendingByGroup[i] ?? [], group.pending, options.stuckAfterMs),
  }));
}

/** Histograms and stuck entries of a sample of pending entries (oldest first, as XPENDING returns them). */
export function summarizePending(
  entries: readonly PendingEntry[],
  total: number,
  stuckAfterMs: number,
): PendingSummary {
  const idleHistogram = idleBuckets();
  const deliveryHistogram = deliveryBuckets();
  const stuck: PendingEntry[] = [];
  let stuckCount = 0;
  for (const entry of entries) {
    bucketFor(idleHistogram, entry.idleMs).count += 1;
    bucketFor(deliveryHistogram, entry.deliveries).count += 1;
    if (entry.idleMs >= stuckAfterMs) {
      stuckCount += 1;
      if (stuck.length < MAX_STUCK_LISTED) stuck.push(entry);
    }
  }
  return {
    total: Math.max(total, entries.length),
    sampled: entries.length,
    oldestId: entries[0]?.id ?? null,
    idleHistogram,
    deliveryHistogram,
    stuckCount,
    stuck,
  };
}

function bucketFor(buckets: HistogramBucket[], value: number): HistogramBucket {
  return buckets.find((b) => value >= b.min && (b.max === null || value < b.max)) ?? buckets[0]!;
}

function idleBuckets(): HistogramBucket[] {
  const bounds = [0, ...PENDING_IDLE_BUCKETS_MS];
  return bounds.map((min, i) => {
    const max = PENDING_IDLE_BUCKETS_MS[i] ?? null;
    return { label: max === null ? `≥${ms(min)}` : `${ms(min)}–${ms(max)}`, min, max, count: 0 };
  });
}

function deliveryBuckets(): HistogramBucket[] {
  return PENDING_DELIVERY_BUCKETS.map((min, i) => {
    const next = PENDING_DELIVERY_BUCKETS[i + 1];
    const max = next ?? null;
    const label = max === null ? `${min}+` : max - 1 === min ? String(min) : `${min}–${max - 1}`;
    return { label, min, max, count: 0 };
  });
}

/** 0, 1s, 30s, 1m, 15m, 1h: the shortest exact unit. */
function ms(value: number): string {
  if (value === 0) return '0';
  if (value % 3_600_000 === 0) return `${value / 3_600_000}h`;
  if (value % 60_000 === 0) return `${value / 60_000}m`;
  return `${value / 1_000}s`;
}

function toGroup(r: Record<string, unknown>): GroupInfo {
  return {
    name: String(r.name),
    consumers: Number(r.consumers ?? 0),
    pending: Number(r.pending ?? 0),
    lastDeliveredId: String(r['last-delivered-id'] ?? '0-0'),
    entriesRead: nullableNumber(r['entries-read']),
    lag: nullableNumber(r.lag),
    consumerList: [],
  };
}

function toConsumer(r: Record<string, unknown>): ConsumerInfo {
  return {
    name: String(r.name),
    pending: Number(r.pending ?? 0),
    idleMs: Number(r.idle ?? 0),
    inactiveMs: nullableNumber(r.inactive),
  };
}

function toPendingEntry(row: unknown[]): PendingEntry {
  return {
    id: String(row[0]),
    consumer: String(row[1]),
    idleMs: Number(row[2] ?? 0),
    deliveries: Number(row[3] ?? 0),
  };
}

function entryId(entry: unknown): string | null {
  return Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
}

function nonZeroId(value: unknown): string | null {
  return typeof value === 'string' && value !== '0-0' ? value : null;
}

function nullableNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}
