import type { Redis } from 'ioredis';
import { PRESENCE_STALE_MS, type ConsumerDetail, type GroupInspection } from '@/server/contracts/bus-state';
import type { Keys } from '../keys';
import { summarizePending } from './pending-summary';
import { readPresence } from './presence-snapshot';
import { BusKeyNotFoundError } from '../errors';
import { exec, reading } from './reading';
import { toPendingEntry } from './replies';
import { describeTopics, registeredTopics } from './topics';

export interface GroupsOptions {
  /** Default: every registered topic. A topic named here without a stream is BusKeyNotFoundError. */
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
  // a topic asked for by name without a stream has no groups to show: say so rather than list none
  const missing = options.topics ? infos.find((info) => !info.exists) : undefined;
  if (missing) throw new BusKeyNotFoundError(`topic "${missing.topic}"`, `no stream at ${missing.stream}`);
  const wanted = options.groups ? new Set(options.groups) : null;
  const targets = infos.flatMap((info) =>
    info.groups.filter((group) => !wanted || wanted.has(group.name)).map((group) => ({ info, group })),
  );
  if (targets.length === 0) return [];

  const pendingByGroup = await reading(redis, 'reading pending entries', async () => {
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
