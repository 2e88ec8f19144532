import type { Redis } from 'ioredis';
import type { StreamState } from '@/server/contracts/bus-state';
import type { Keys } from '../keys';
import { flatToRecord } from '../presence';
import { DEFAULT_RETENTION } from '../topics';
import { exec, reading, throwWrongType } from './reading';
import { entryId, nonZeroId, nullableNumber } from './replies';
import { registeredTopics } from './topics';

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
  return reading(redis, 'reading streams', async () => {
    const pipeline = redis.pipeline();
    for (const topic of topics) {
      pipeline.xinfo('STREAM', keys.stream(topic));
      pipeline.xlen(keys.deadLetters(topic));
    }
    const results = await exec(pipeline);
    topics.forEach((topic, i) =>
      throwWrongType(results.slice(i * 2, i * 2 + 2), `reading topic "${topic}" (key ${keys.stream(topic)})`),
    );
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
