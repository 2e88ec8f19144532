/**
 * The streams the recorder reads, and their discovery: every registered topic's stream and dead-letter
 * stream, the telemetry stream, and every other stream in the Redis database (`SCAN 0 TYPE stream`)
 * that is not one of EventLens' internal keys and matches the `EVENTLENS_STREAMS` glob. The recorder's
 * consumer group is created on each (from the first entry: a stream found late loses nothing).
 *
 * Registered topics are looked up on every discovery (one HKEYS); the SCAN runs less often, because it
 * walks the whole keyspace whatever the glob: in a database of millions of unrelated keys a scan every
 * 5 s would keep Redis busy for nothing. Keys Redis announces (keyspace notifications, `notice()`) are
 * looked at in the next discovery, so that a new stream does not wait for the SCAN.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '@/server/bus';
import type { GlobTest } from '@/server/bus/glob';
import type { StreamKind, StreamRef } from './project';
import { compileRedisGlob } from './redis-glob';

export interface StreamState extends StreamRef {
  /** Cursor over this consumer's own pending entries (re-read after a restart); null once done. */
  pendingCursor: string | null;
  /** XAUTOCLAIM cursor. */
  claimCursor: string;
  /** Entry ids read and not acked yet: not read twice by this process. */
  inFlight: Set<string>;
}

export interface DiscoveryOptions {
  group: string;
  /** Redis glob narrowing foreign streams (`*` for all). */
  glob: string;
  /** Where groups start on streams found at the first discovery; later ones always start at the beginning. */
  startFrom: 'start' | 'new';
  /** How often discovery SCANs the keyspace (the first discovery always does). */
  scanEveryMs: number;
}

type PipelineResults = [Error | null, unknown][] | null;

/** Announced keys waiting for the next discovery, at most; beyond that a SCAN is owed instead. */
const MAX_NOTICED = 10_000;

export class StreamRegistry {
  private readonly streams = new Map<string, StreamState>();
  private readonly dlqPattern: RegExp;
  private readonly matchesGlob: GlobTest;
  /** Keys announced since the last discovery that the recorder would read if they are streams. */
  private readonly noticed = new Set<string>();
  private discovered = false;
  private lastScanAt = 0;
  /** A scan is owed: before the first discovery, and after a stream was forgotten. */
  private scanDue = true;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly options: DiscoveryOptions,
  ) {
    this.dlqPattern = new RegExp(`^${escapeRegExp(keys.prefix)}:\\{(.+)\\}:dlq$`);
    this.matchesGlob = compileRedisGlob(options.glob);
  }

  list(): StreamState[] {
    return [...this.streams.values()];
  }

  get size(): number {
    return this.streams.size;
  }

  /** Drops a stream (its group vanished); the next discovery scans and adds it back if it still exists. */
  forget(key: string): void {
    this.streams.delete(key);
    this.scanDue = true;
  }

  forgetAll(): void {
    this.streams.clear();
    this.scanDue = true;
  }

  /** Redis announced this key (created, or appended to): the next discovery looks at it if it would be read. */
  notice(key: string): void {
    if (this.streams.has(key) || this.noticed.has(key)) return;
    if (this.classify(key, this.matchesGlob(key)) === null) return;
    if (this.noticed.size >= MAX_NOTICED) this.scanDue = true;
    else this.noticed.add(key);
  }

  /** Whether announced keys wait for a discovery. */
  get hasNotices(): boolean {
    return this.noticed.size > 0;
  }

  /** A SCAN is owed at the next discovery (announcements may have been missed). */
  scanSoon(): void {
    this.scanDue = true;
  }

  /** What a stream key is to the recorder, or null when it does not read it. */
  classify(key: string, matchedGlob: boolean): StreamRef | null {
    const topic = this.keys.topicOf(key);
    // EventLens' own request topics carry console questions, not anybody's events
    if (topic !== null) return this.keys.isInternalTopic(topic) ? null : { key, kind: 'topic', topic };
    if (key === this.keys.telemetry()) return { key, kind: 'telemetry', topic: key };
    const dlq = this.dlqPattern.exec(key);
    if (dlq) return this.keys.isInternalTopic(dlq[1]!) ? null : { key, kind: 'dead-letters', topic: dlq[1]! };
    if (this.keys.isInternal(key) || !matchedGlob) return null;
    return { key, kind: 'foreign' satisfies StreamKind, topic: key };
  }

  /** One discovery pass; returns the streams it added. */
  async discover(now = Date.now()): Promise<StreamState[]> {
    const candidates = new Map<string, boolean>(); // key -> matched the glob
    if (this.scanDue || now - this.lastScanAt >= this.options.scanEveryMs) {
      await this.scan(candidates);
      this.scanDue = false;
      this.lastScanAt = now;
    }
    // registered topics: their streams may have appeared after the scan passed their slot
    const registered = await this.redis.hkeys(this.keys.topics());
    const announced = [...this.noticed];
    const toType = new Map<string, boolean>(); // key -> matched the glob
    for (const key of announced) toType.set(key, this.matchesGlob(key));
    for (const key of [
      this.keys.telemetry(),
      ...registered.flatMap((topic) => [this.keys.stream(topic), this.keys.deadLetters(topic)]),
    ]) {
      if (!toType.has(key)) toType.set(key, false);
    }
    const unseen = [...toType.keys()].filter((key) => !candidates.has(key) && !this.streams.has(key));
    if (unseen.length > 0) {
      const pipeline = this.redis.pipeline();
      for (const key of unseen) pipeline.type(key);
      const types = ((await pipeline.exec()) as PipelineResults) ?? [];
      unseen.forEach((key, i) => {
        if (types[i]?.[1] === 'stream') candidates.set(key, toType.get(key) ?? false);
      });
    }
    for (const key of announced) this.noticed.delete(key);

    const fresh: StreamRef[] = [];
    for (const [key, matchedGlob] of candidates) {
      if (this.streams.has(key)) continue;
      const ref = this.classify(key, matchedGlob);
      if (ref) fresh.push(ref);
    }
    const startId = !this.discovered && this.options.startFrom === 'new' ? '$' : '0';
    this.discovered = true;
    if (fresh.length === 0) return [];

    const pipeline = this.redis.pipeline();
    for (const ref of fresh) pipeline.xgroup('CREATE', ref.key, this.options.group, startId);
    const results = ((await pipeline.exec()) as PipelineResults) ?? [];
    const added: StreamState[] = [];
    fresh.forEach((ref, i) => {
      const error = results[i]?.[0];
      // BUSYGROUP: another recorder (or an earlier run) created it; a vanished key is found again later
      if (error && !/BUSYGROUP/.test(error.message)) return;
      const state: StreamState = { ...ref, pendingCursor: '0', claimCursor: '0-0', inFlight: new Set() };
      this.streams.set(ref.key, state);
      added.push(state);
    });
    return added;
  }

  private async scan(candidates: Map<string, boolean>): Promise<void> {
    if (this.options.glob === '*') {
      for (const key of await this.scanStreams('*')) candidates.set(key, true);
      return;
    }
    for (const key of await this.scanStreams(`${escapeGlob(this.keys.prefix)}:*`)) candidates.set(key, false);
    for (const key of await this.scanStreams(this.options.glob)) candidates.set(key, true);
  }

  private async scanStreams(match: string): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = (await this.redis.call(
        'SCAN',
        cursor,
        'MATCH',
        match,
        'COUNT',
        '1000',
        'TYPE',
        'stream',
      )) as [string, string[]];
      out.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return out;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A literal for a Redis glob. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
