import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import { exec, reading } from './reading';

/** Lengths of the topics' dead-letter streams, by topic. One round trip. */
export async function deadLetterLengths(
  redis: Redis,
  keys: Keys,
  topics: readonly string[],
): Promise<Map<string, number>> {
  if (topics.length === 0) return new Map();
  return reading(redis, 'reading dead-letter streams', async () => {
    const pipeline = redis.pipeline();
    for (const topic of topics) pipeline.xlen(keys.deadLetters(topic));
    const results = await exec(pipeline);
    return new Map(topics.map((topic, i) => [topic, Number(results[i]?.[1] ?? 0)]));
  });
}
