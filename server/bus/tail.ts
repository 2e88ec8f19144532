/**
 * A live tail over the streams of topics and `*` patterns: plain XREAD (no consumer group, nothing
 * acked or claimed), starting at "now", with an explicit cursor per stream. Patterns are re-resolved
 * against the topic registry every `refreshMs`, so topics created while the tail runs are picked up
 * from their first entry; the pattern set may change while it runs (`setPatterns`).
 *
 * Positions never use `$`: each stream keeps the id of the last entry handed over, and a stream found
 * by a refresh starts at the Redis server time of the listing before the one that found it (SDK
 * publishers register a topic before its first XADD), so no entry falls between two reads.
 *
 * Used by `eventlens tail` (one pattern, `entries()`) and by the dashboard's live relay (many
 * patterns, `poll()` with its synchronous hand-over, `wake()` when the stream set changes).
 */
import type { Redis } from 'ioredis';
import type { Keys } from './keys';
import { isPattern, matchesPattern, type TopicRegistry } from './topics';

export interface TailEntry {
  topic: string;
  entryId: string;
  /** Flat field/value list as XREAD returns it. */
  fields: string[];
}

export interface StreamTailOptions {
  /** How often patterns are re-resolved. Default 1 s. */
  refreshMs?: number;
  /** Longest single XREAD block. Default 1 s. */
  blockMs?: number;
  /** Max entries per stream per read (XREAD COUNT). Default 100. */
  batchSize?: number;
}

type XReadReply = [string, [string, string[]][]][] | null;

const MAX_SEQ = '18446744073709551615';

/** The greatest entry id below every entry appended at or after `ms` (server time). */
export const idBefore = (ms: number): string => `${Math.max(0, ms - 1)}-${MAX_SEQ}`;

const ENTRY_ID = /^(\d+)-(\d+)$/;

export const isEntryId = (id: string): boolean => ENTRY_ID.test(id);

/** Orders two complete stream entry ids (`ms-seq`). */
export function compareEntryIds(a: string, b: string): number {
  const [, am = '0', as = '0'] = ENTRY_ID.exec(a) ?? [];
  const [, bm = '0', bs = '0'] = ENTRY_ID.exec(b) ?? [];
  return compareDigits(am, bm) || compareDigits(as, bs);
}

/** Orders two decimal strings without leading zeros (either may exceed 2^53). */
function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

export class StreamTail {
  /** stream key -> id of the last entry handed over. */
  private readonly cursors = new Map<string, string>();
  private readonly topicOfKey = new Map<string, string>();
  private readonly refreshMs: number;
  private readonly blockMs: number;
  private readonly batchSize: number;
  private patterns: string[];
  /** Redis server time taken just before the latest listing of the registry. */
  private lastListingMs = 0;
  private nextRefreshAt = 0;
  /** Pattern changes and refreshes run one at a time, in call order. */
  private serial: Promise<unknown> = Promise.resolve();
  /** The reader's CLIENT ID (for CLIENT UNBLOCK); re-read after every reconnect. */
  private readerId: number | null = null;
  private reading = false;
  private wakeIdle: (() => void) | null = null;

  /**
   * @param redis for the registry, TIME and CLIENT UNBLOCK.
   * @param reader a dedicated connection for the blocking reads; `entries()` disconnects it on abort.
   */
  constructor(
    private readonly redis: Redis,
    private readonly reader: Redis,
    private readonly keys: Keys,
    private readonly registry: TopicRegistry,
    patterns: string | readonly string[],
    options: StreamTailOptions = {},
  ) {
    this.patterns = typeof patterns === 'string' ? [patterns] : [...patterns];
    this.refreshMs = options.refreshMs ?? 1_000;
    this.blockMs = options.blockMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
    reader.on('close', () => {
      this.readerId = null;
    });
  }

  /** Topics currently tailed. */
  get topics(): string[] {
    return [...this.topicOfKey.values()].sort();
  }

  /** Number of streams read. */
  get size(): number {
    return this.cursors.size;
  }

  /** topic -> id of the last entry handed over, for every tailed topic. */
  *positions(): IterableIterator<[topic: string, entryId: string]> {
    for (const [key, topic] of this.topicOfKey) {
      const cursor = this.cursors.get(key);
      if (cursor !== undefined) yield [topic, cursor];
    }
  }

  /** Id of the last entry of the topic handed over (or the starting point), undefined when not tailed. */
  cursor(topic: string): string | undefined {
    return this.cursors.get(this.keys.stream(topic));
  }

  /** Resolves the patterns once and fixes the starting point. Call before `poll()` / `entries()`. */
  start(): Promise<void> {
    return this.setPatterns(this.patterns);
  }

  /**
   * Replaces the patterns. Topics only the new patterns match start at the Redis server time now;
   * topics no longer matched are dropped. Resolves once the cursors are set, and wakes a blocked read
   * so that the next one covers the new streams.
   */
  setPatterns(patterns: readonly string[]): Promise<void> {
    return this.exclusive(async () => {
      const now = await this.serverTime();
      const topics = await this.registry.resolve(patterns);
      const before = this.patterns;
      const since = this.lastListingMs;
      this.patterns = [...patterns];
      // a topic the old patterns matched may have been registered since their last listing
      this.apply(topics, (topic) =>
        before.some((p) => matchesPattern(p, topic)) && since > 0 ? since : now,
      );
      this.lastListingMs = now;
      this.nextRefreshAt = Date.now() + this.refreshMs;
      this.wake();
    });
  }

  /**
   * One step: re-resolves the patterns when due, then one XREAD (or an idle wait when no stream is
   * tailed). New entries go to `onEntries` in the same synchronous section that advances the cursors,
   * so a `cursor()` read between two awaits is exactly what has been handed over. Redis errors are
   * thrown (the caller logs and backs off); an aborted read returns quietly. Returns the entry count.
   */
  async poll(onEntries: (entries: TailEntry[]) => void, signal: AbortSignal): Promise<number> {
    if (signal.aborted) return 0;
    const dynamic = this.patterns.some(isPattern);
    if (dynamic && Date.now() >= this.nextRefreshAt) await this.refresh();
    const wait = dynamic
      ? Math.max(1, Math.min(this.blockMs, this.nextRefreshAt - Date.now()))
      : this.blockMs;
    if (this.cursors.size === 0) {
      await this.idle(wait, signal);
      return 0;
    }
    let reply: XReadReply;
    try {
      if (this.readerId === null) this.readerId = await this.reader.client('ID');
      this.reading = true;
      reply = await this.read(wait);
    } catch (error) {
      if (signal.aborted) return 0;
      throw error;
    } finally {
      this.reading = false;
    }
    if (signal.aborted || !reply) return 0;
    const batch: TailEntry[] = [];
    for (const [key, entries] of reply) {
      const topic = this.topicOfKey.get(key);
      let last = this.cursors.get(key);
      if (topic === undefined || last === undefined) continue; // dropped while the read was in flight
      for (const [entryId, fields] of entries) {
        // a stream dropped and re-added while the read was in flight restarted further on
        if (compareEntryIds(entryId, last) <= 0) continue;
        batch.push({ topic, entryId, fields });
        last = entryId;
      }
      this.cursors.set(key, last);
    }
    if (batch.length > 0) onEntries(batch);
    return batch.length;
  }

  /** Entries one by one until `signal` aborts (which disconnects the reader). Redis errors end it. */
  async *entries(signal: AbortSignal): AsyncGenerator<TailEntry> {
    const onAbort = (): void => this.reader.disconnect();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted) {
        let batch: TailEntry[] = [];
        await this.poll((entries) => (batch = entries), signal);
        for (const entry of batch) {
          yield entry;
          if (signal.aborted) return;
        }
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Ends a blocked read or an idle wait early (after the stream set changed). */
  wake(): void {
    this.wakeIdle?.();
    if (this.reading && this.readerId !== null) {
      this.redis.client('UNBLOCK', this.readerId).catch(() => {
        // the read then ends at its BLOCK timeout instead, at most blockMs later
      });
    }
  }

  /** Re-resolves the patterns; streams found now start at the time of the previous listing. */
  private refresh(): Promise<void> {
    return this.exclusive(async () => {
      const now = await this.serverTime();
      const topics = await this.registry.resolve(this.patterns);
      const since = this.lastListingMs;
      this.apply(topics, () => since);
      this.lastListingMs = now;
      this.nextRefreshAt = Date.now() + this.refreshMs;
    });
  }

  private apply(topics: readonly string[], startMs: (topic: string) => number): void {
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
      this.cursors.set(key, idBefore(startMs(topic)));
      this.topicOfKey.set(key, topic);
    }
  }

  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.serial.then(work, work);
    this.serial = run.catch(() => {
      // the caller of this step gets its error; the next step still runs
    });
    return run;
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

  private idle(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeIdle = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wakeIdle = done;
    });
  }

  private async serverTime(): Promise<number> {
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
  }
}
