import type { Redis } from 'ioredis';
import type { GroupInfo, Retention, TopicInfo } from '@/server/contracts/bus-state';
import type { Keys } from '../keys';
import { flatToRecord } from '../presence';
import { TopicRegistry } from '../topics';
import { exec, reading, throwWrongType } from './reading';
import { oldestPendingId, toConsumer, toGroup } from './replies';

/** Registered topics (the SDK's topic registry) and their retention, sorted by name. */
export async function registeredTopics(redis: Redis, keys: Keys): Promise<Map<string, Retention>> {
  const list = await reading(redis, 'reading the topic registry', () =>
    new TopicRegistry(redis, keys).list(),
  );
  return new Map([...list.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Stream length, consumer groups (with their oldest pending entry) and consumers of topics. Two pipelined round trips. */
export async function describeTopics(
  redis: Redis,
  keys: Keys,
  topics: readonly string[],
): Promise<TopicInfo[]> {
  if (topics.length === 0) return [];
  return reading(redis, 'describing topics', async () => {
    const first = redis.pipeline();
    for (const topic of topics) {
      first.exists(keys.stream(topic));
      first.xlen(keys.stream(topic));
      first.xinfo('GROUPS', keys.stream(topic));
    }
    const firstResults = await exec(first);
    topics.forEach((topic, i) =>
      throwWrongType(
        firstResults.slice(i * 3, i * 3 + 3),
        `reading topic "${topic}" (key ${keys.stream(topic)})`,
      ),
    );
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
        // summary form: [count, smallest id, greatest id, per-consumer counts]
        second.xpending(info.stream, group.name);
        targets.push(group);
      }
    }
    if (targets.length > 0) {
      const results = await exec(second);
      targets.forEach((group, i) => {
        const [error, consumers] = results[i * 2] ?? [null, []];
        if (!error) group.consumerList = (consumers as unknown[][]).map(flatToRecord).map(toConsumer);
        const [pendingError, summary] = results[i * 2 + 1] ?? [null, null];
        if (!pendingError) group.oldestPendingId = oldestPendingId(summary);
      });
    }
    return infos;
  });
}
