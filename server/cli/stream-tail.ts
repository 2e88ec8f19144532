/**
 * A live tail over the streams of a topic or a `*` pattern: plain XREAD (no consumer group, nothing
 * acked or claimed), starting at "now". Patterns are re-resolved against the topic registry every
 * `refreshMs`, so topics created while the tail runs are picked up from their first entry.
 *
 * Positions never use `$` after the first moment: each stream keeps the id of the last entry seen, and
 * a stream found later starts at the Redis server time of the listing before the one that found it
 * (SDK publishers register a topic before its first XADD), so no entry falls between two reads.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '@/server/bus';
import { isPattern, type TopicRegistry } from '@/server/bus/topics';

export interface TailEntry {
  topic: string;
  entryId: string;
  /** Flat field/value list as XREAD returns it. */
  fields: string[];
}

export interface StreamTailOptions {
  /** How often a pattern is re-resolved. Default 1 s. */
  refreshMs?: number;
  /** Longest single XREAD block. Default 1 s. */
  blockMs?: number;
  /** Max entries per stream per read. Default 100. */
  batchSize?: number;
}

type XReadReply = [string, [string, string[]][]][] | null;

/** Entry ids greater than this are the entries appended at or after `ms` (server time). */
const idBefore = (ms: number): string => `${Math.max(0, ms - 1)}-18446744073709551615`;

export class StreamTail {
  /** stream key -> id of the last entry seen. */
  private readonly cursors = new Map<string, string>();
  private readonly topicOfKey = new Map<string, string>();
  private readonly refreshMs: number;
  private readonly blockMs: number;
  private readonly batchSize: number;
  /** Redis server time taken just before the latest listing of the registry. */
  private lastListingMs = 0;

  /**
   * @param redis for the registry and TIME.
   * @param reader a dedicated connection for the blocking reads; it is disconnected on abort.
   */
  constructor(
    private readonly redis: Redis,
    private readonly reader: Redis,
    private readonly keys: Keys,
    private readonly registry: TopicRegistry,
    private readonly pattern: string,
    options: StreamTailOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 1_000;
    this.blockMs = options.blockMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
  }

  /** Topics currently tailed. */
  get topics(): string[] {
    return [...this.topicOfKey.values()].sort();
  }

  /** Resolves the pattern once and fixes the starting point. Call before `entries()`. */
  async start(): Promise<void> {
    const now = await this.serverTime();
    await this.refresh(now);
    this.lastListingMs = now;
  }

  async *entries(signal: AbortSignal): AsyncGenerator<TailEntry> {
    const onAbort = (): void => this.reader.disconnect();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      let nextRefresh = Date.now() + this.refreshMs;
      while (!signal.aborted) {
        if (isPattern(this.pattern) && Date.now() >= nextRefresh) {
          const now = await this.serverTime();
          await this.refresh(this.lastListingMs);
          this.lastListingMs = now;
          nextRefresh = Date.now() + this.refreshMs;
        }
        const wait = isPattern(this.pattern)
          ? Math.max(1, Math.min(this.blockMs, nextRefresh - Date.now()))
          : this.blockMs;
        if (this.cursors.size === 0) {
          await sleep(wait, signal);
          continue;
        }
        let reply: XReadReply;
        try {
          reply = await this.read(wait);
        } catch (error) {
          if (signal.aborted) return;
          throw error;
        }
        for (const [key, entries] of reply ?? []) {
          const topic = this.topicOfKey.get(key);
          if (topic === undefined) continue;
          for (const [entryId, fields] of entries) {
            this.cursors.set(key, entryId);
            yield { topic, entryId, fields };
            if (signal.aborted) return;
          }
        }
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Re-resolves the pattern; new streams start at `sinceMs`, vanished topics are dropped. */
  private async refresh(sinceMs: number): Promise<void> {
    const topics = await this.registry.resolve([this.pattern]);
    const wanted = new Set(topics.map((topic) => this.keys.stream(topic)));
    for (const key of [...this.cursors.keys()]) {
      if (!wanted.has(key)) {
        this.cursors.delete(key);
        this.topicOfKey.delete(key);
      }
    }
    for (const topic of topics) {
      const key = this.keys.stream(topic);
      if (this.cursors.has(key)) continue;
      this.cursors.set(key, idBefore(sinceMs));
      this.topicOfKey.set(key, topic);
    }
  }

  private read(blockMs: number): Promise<XReadReply> {
    const keys = [...this.cursors.keys()];
    const ids = keys.map((key) => this.cursors.get(key) ?? '0-0');
    return this.reader.xread(
      'COUNT',
      this.batchSize,
      'BLOCK',
      blockMs,
      'STREAMS',
      ...keys,
      ...ids,
    ) as Promise<XReadReply>;
  }

  private async serverTime(): Promise<number> {
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
