import type { Redis } from 'ioredis';
import { InvalidTopicError } from './errors';
import { compileGlob, isGlob, matchesGlob } from './glob';
import { TOPIC_NAME, type Keys } from './keys';

/** How long a topic's stream keeps entries: by count (approximate) or by age. */
export type Retention = { maxLen: number } | { maxAgeMs: number };

export const DEFAULT_RETENTION: Retention = { maxLen: 100_000 };

export function assertTopic(topic: string): void {
  if (!TOPIC_NAME.test(topic)) throw new InvalidTopicError(topic);
}

/** `*` matches any run of characters, so `threat.*` matches `threat.alert` and `*` matches every topic. */
export const matchesPattern: (pattern: string, topic: string) => boolean = matchesGlob;

export const isPattern: (topic: string) => boolean = isGlob;

/** XADD trimming arguments for a retention. */
export function trimArgs(retention: Retention, now = Date.now()): string[] {
  if ('maxLen' in retention) return ['MAXLEN', '~', String(retention.maxLen)];
  return ['MINID', '~', `${Math.max(0, now - retention.maxAgeMs)}-0`];
}

/**
 * The registry of topics in Redis (a hash topic -> retention JSON). Publishing registers a topic once
 * per process; wildcard subscribers list it to find topics created while they run.
 */
export class TopicRegistry {
  private readonly known = new Map<string, Retention>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Sets a topic's retention (overwrites). */
  async define(topic: string, retention: Retention): Promise<void> {
    assertTopic(topic);
    await this.redis.hset(this.keys.topics(), topic, JSON.stringify(retention));
    this.known.set(topic, retention);
  }

  /** The topic's retention, registering it with the default when new. One round trip per topic per process. */
  async ensure(topic: string): Promise<Retention> {
    const cached = this.known.get(topic);
    if (cached) return cached;
    assertTopic(topic);
    const key = this.keys.topics();
    const [, stored] = (await this.redis
      .multi()
      .hsetnx(key, topic, JSON.stringify(DEFAULT_RETENTION))
      .hget(key, topic)
      .exec()) as [[Error | null, number], [Error | null, string | null]];
    const retention = parseRetention(stored[1]);
    this.known.set(topic, retention);
    return retention;
  }

  async list(): Promise<Map<string, Retention>> {
    const all = await this.redis.hgetall(this.keys.topics());
    return new Map(Object.entries(all).map(([topic, json]) => [topic, parseRetention(json)]));
  }

  /** Topics matching any of the names or patterns; plain names are included even when not registered yet. */
  async resolve(topicsOrPatterns: readonly string[]): Promise<string[]> {
    const plain = topicsOrPatterns.filter((t) => !isPattern(t));
    plain.forEach(assertTopic);
    const patterns = topicsOrPatterns.filter(isPattern);
    if (patterns.length === 0) return [...new Set(plain)].sort();
    const registered = [...(await this.list()).keys()];
    const tests = patterns.map(compileGlob);
    const matched = registered.filter((topic) => tests.some((test) => test(topic)));
    return [...new Set([...plain, ...matched])].sort();
  }
}

function parseRetention(json: string | null): Retention {
  if (!json) return DEFAULT_RETENTION;
  try {
    const value = JSON.parse(json) as Partial<{ maxLen: number; maxAgeMs: number }>;
    if (typeof value.maxLen === 'number') return { maxLen: value.maxLen };
    if (typeof value.maxAgeMs === 'number') return { maxAgeMs: value.maxAgeMs };
  } catch {
    // a hand-edited registry entry falls back to the default retention
  }
  return DEFAULT_RETENTION;
}
