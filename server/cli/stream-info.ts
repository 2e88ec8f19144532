/** Stream length, consumer groups and consumers of topics (XLEN, XINFO GROUPS, XINFO CONSUMERS), typed. */
import type { Redis } from 'ioredis';
import type { Keys } from '@/server/bus';
import { flatToRecord } from '@/server/bus/presence';

export interface ConsumerInfo {
  name: string;
  pending: number;
  /** Since the consumer's last attempted interaction (read or claim). */
  idleMs: number;
  /** Since its last successful interaction; null before Redis 7.2. */
  inactiveMs: number | null;
}

export interface GroupInfo {
  name: string;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
  /** Null before Redis 7. */
  entriesRead: number | null;
  /** Entries not yet delivered to the group; null when Redis cannot tell (after deletions) or before 7. */
  lag: number | null;
  consumerList: ConsumerInfo[];
}

export interface TopicInfo {
  topic: string;
  stream: string;
  /** Whether the stream key exists (a registered topic may have no entries yet). */
  exists: boolean;
  length: number;
  groups: GroupInfo[];
}

type Results = [Error | null, unknown][] | null;

/** Two pipelined round trips whatever the number of topics and groups. */
export async function describeTopics(
  redis: Redis,
  keys: Keys,
  topics: readonly string[],
): Promise<TopicInfo[]> {
  if (topics.length === 0) return [];
  const first = redis.pipeline();
  for (const topic of topics) {
    first.exists(keys.stream(topic));
    first.xlen(keys.stream(topic));
    first.xinfo('GROUPS', keys.stream(topic));
  }
  const firstResults = ((await first.exec()) as Results) ?? [];
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
    const results = ((await second.exec()) as Results) ?? [];
    targets.forEach((group, i) => {
      const [error, consumers] = results[i] ?? [null, []];
      if (!error) group.consumerList = (consumers as unknown[][]).map(flatToRecord).map(toConsumer);
    });
  }
  return infos;
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

function nullableNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}
