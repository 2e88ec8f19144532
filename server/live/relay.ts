import type { Redis } from 'ioredis';
import { redisCause } from '@/server/bus/connection-cause';
import { untilAborted } from '@/server/bus/deadline';
import type { Keys } from '@/server/bus/keys';
import { RateMeter } from '@/server/bus/rate-meter';
import { loopBackoff } from '@/server/bus/retry';
import { sleep } from '@/server/bus/sleep';
import { compareEntryIds, StreamTail, type TailEntry } from '@/server/bus/tail';
import type { TopicRegistry } from '@/server/bus/topics';
import type { BusLogger } from '@/server/bus/types';
import type {
  Ack,
  LiveError,
  LiveStatus,
  TailResume,
  TailSubscribed,
  TailSubscribeRequest,
} from '@/server/contracts/live';
import { ClientFeed, type LivePresenter } from './client-feed';
import { toLiveEntry } from './live-event';
import type { LiveOptions } from './options';
import { readMissed, type Missed, type MissedRange } from './replay';
import type { LiveSocket } from './socket-server';
import { compileFilter } from './tail-filter';
import { TailState } from './tail-state';

export interface RelayDeps {
  /** Registry, TIME, CLIENT UNBLOCK and replays (XINFO, XRANGE). */
  redis: Redis;
  /** A dedicated connection for the blocking XREAD; disconnected by `stop()`. */
  reader: Redis;
  keys: Keys;
  registry: TopicRegistry;
  options: LiveOptions;
  log: BusLogger;
}

export type RelayStatus = Omit<LiveStatus, 'rooms'>;

/**
 * The live relay: ONE XREAD loop (fan-out, no consumer group) over the union of the streams every
 * client's tails cover, handing each entry to the matching tails; a timer flushes each client every
 * `flushMs`. The loop keeps an explicit cursor per stream (StreamTail), reads with COUNT + BLOCK,
 * stops on its AbortSignal, and on error logs, backs off (doubling), counts and surfaces the error in
 * `status()`; after a Redis restart it resumes from its cursors.
 */
export class LiveRelay {
  private readonly tail: StreamTail;
  private readonly feeds = new Map<string, ClientFeed>();
  /** Tails whose streams are being added: their patterns already count, they get no entries yet. */
  private readonly joining = new Set<TailState>();
  /** topic -> active tails covering it; rebuilt lazily after any tail comes or goes. */
  private readonly interest = new Map<string, TailState[]>();
  private readonly readRate = new RateMeter();
  private readonly stopper = new AbortController();
  private loop: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private patternsDirty = false;
  private state: RelayStatus['state'] = 'idle';
  private entriesRead = 0;
  private errors = 0;
  private lastError: RelayStatus['lastError'] = null;

  constructor(private readonly deps: RelayDeps) {
    const { redis, reader, keys, registry, options } = deps;
    this.tail = new StreamTail(redis, reader, keys, registry, [], {
      refreshMs: options.refreshMs,
      blockMs: options.blockMs,
      batchSize: options.readCount,
    });
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run(this.stopper.signal);
    this.flushTimer = setInterval(() => this.flush(), this.deps.options.flushMs);
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.deps.reader.disconnect(); // ends a blocked XREAD at once
    await this.loop;
    this.state = 'stopped';
  }

  attach(socket: LiveSocket, presenter?: LivePresenter): ClientFeed {
    const feed = new ClientFeed(socket, this.deps.options, presenter);
    this.feeds.set(socket.id, feed);
    return feed;
  }

  detach(feed: ClientFeed): void {
    if (this.feeds.get(feed.id) !== feed) return;
    this.feeds.delete(feed.id);
    if (feed.tails.size > 0) this.tailsChanged();
  }

  /**
   * Adds (or replaces) a tail. Its streams join the shared read first; then, in one synchronous step,
   * its starting positions are taken from the read cursors and it starts receiving entries, so
   * everything after those positions reaches it live and a resume replays exactly up to them.
   */
  async subscribe(feed: ClientFeed, request: TailSubscribeRequest): Promise<Ack<TailSubscribed>> {
    const { options } = this.deps;
    const { tailId } = request;
    if (!feed.tails.has(tailId) && feed.tails.size >= options.maxTailsPerClient) {
      return failure('TOO_MANY_TAILS', `at most ${options.maxTailsPerClient} tails per client`);
    }
    if (feed.remove(tailId)) this.interest.clear();
    const tail = new TailState(tailId, compileFilter(request.filter), options.maxEventsPerSec, options);
    feed.claim(tail);
    this.joining.add(tail);
    try {
      await this.syncPatterns();
    } catch (error) {
      if (feed.claimed(tail)) feed.remove(tailId);
      // the socket's error, not ioredis' "Stream isn't writeable…"
      return failure('UNAVAILABLE', `Redis: ${redisCause(error, this.deps.redis, this.deps.reader)}`);
    } finally {
      this.joining.delete(tail);
    }
    if (!this.owns(feed, tail)) {
      this.tailsChanged(); // its streams may be read for nobody now
      return failure('SUPERSEDED', `tail ${tailId} was replaced or removed`);
    }

    // from here to feed.add: no await, so the cursors are exactly what has been handed to tails
    const start = new Map<string, string>();
    for (const [topic, cursor] of this.tail.positions()) {
      if (tail.filter.covers(topic)) start.set(topic, cursor);
    }
    const topics = [...start.keys()].sort();
    tail.replaying = request.resume !== undefined;
    feed.add(tail);
    this.interest.clear();
    if (!request.resume) {
      const positions = Object.fromEntries(start);
      tail.commit(positions, Date.now());
      return { ok: true, tailId, topics, positions, resume: null };
    }

    const { ranges, floors } = resumeRanges(request.resume, start);
    tail.setFloors(floors);
    let missed: Missed | { ok: false; reason: 'unavailable'; missed?: undefined };
    try {
      missed = await readMissed(this.deps.redis, this.deps.keys, ranges, options.maxReplay);
    } catch (error) {
      this.deps.log.warn({ err: (error as Error).message, tailId }, 'live replay failed; resetting the tail');
      missed = { ok: false, reason: 'unavailable' };
    }
    if (feed.tails.get(tailId) !== tail) {
      return failure('SUPERSEDED', `tail ${tailId} was replaced or removed`);
    }
    tail.replaying = false;
    const positions: Record<string, string> = {};
    for (const [topic, cursor] of start) positions[topic] = tail.position(topic, cursor);
    if (missed.ok) {
      const events = [];
      for (const entry of missed.entries) {
        const live = toLiveEntry(entry, options.previewBytes);
        if (tail.filter.accepts(live)) events.push(live.event);
      }
      feed.sendReplay(tail, { tailId, events, positions, replay: true }, Date.now());
      return { ok: true, tailId, topics, positions, resume: { replayed: events.length } };
    }
    tail.commit(positions, Date.now());
    feed.sendReset({
      tailId,
      reason: missed.reason,
      positions,
      ...(missed.missed === undefined ? {} : { missed: missed.missed }),
    });
    return { ok: true, tailId, topics, positions, resume: { reset: missed.reason } };
  }

  unsubscribe(feed: ClientFeed, tailId: string): boolean {
    const removed = feed.remove(tailId) !== undefined;
    if (removed) this.tailsChanged();
    return removed;
  }

  status(): RelayStatus {
    return {
      state: this.state,
      streams: this.tail.size,
      eventsPerSec: Math.round(this.readRate.perSecond()),
      entriesRead: this.entriesRead,
      errors: this.errors,
      lastError: this.lastError,
      clients: [...this.feeds.values()].map((feed) => feed.status()),
    };
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { options, log } = this.deps;
    const backoff = loopBackoff(options.backoffMinMs, options.backoffMaxMs);
    while (!signal.aborted) {
      try {
        if (this.patternsDirty) await this.syncPatterns();
        this.state = this.tail.size > 0 ? 'reading' : 'idle';
        // a read in flight when Redis went away never settles once stop() closes the reader
        await untilAborted(this.tail.poll(this.dispatch, signal), signal, () => 0);
        if (backoff.failures > 0) {
          log.info({ failures: backoff.failures }, 'live relay reading again');
          backoff.reset();
        }
      } catch (error) {
        if (signal.aborted) break;
        const delay = backoff.next();
        const failures = backoff.failures;
        this.errors += 1;
        const message = (error as Error).message;
        if (failures === 1 || message !== this.lastError?.message) {
          log.warn({ err: message, failures }, 'live relay read failed; backing off');
        } else {
          log.debug({ err: message, failures }, 'live relay read failed again');
        }
        this.lastError = { message, at: new Date().toISOString() };
        this.state = 'backing-off';
        await sleep(delay, signal);
      }
    }
    this.state = 'stopped';
  }

  /** Hands read entries to the tails covering their topic; decodes each entry once, if anyone wants it. */
  private readonly dispatch = (entries: TailEntry[]): void => {
    const now = Date.now();
    this.entriesRead += entries.length;
    this.readRate.add(entries.length, now);
    const preview = this.deps.options.previewBytes;
    for (const entry of entries) {
      const tails = this.interested(entry.topic);
      if (tails.length === 0) continue;
      const live = toLiveEntry(entry, preview);
      for (const tail of tails) tail.offer(live, now);
    }
  };

  private flush(): void {
    const now = Date.now();
    for (const feed of this.feeds.values()) {
      if (feed.tails.size === 0) continue;
      try {
        feed.flush(now, () => this.tail.positions());
      } catch (error) {
        this.deps.log.error({ err: (error as Error).message, socket: feed.id }, 'live flush failed');
      }
    }
  }

  private interested(topic: string): TailState[] {
    let tails = this.interest.get(topic);
    if (!tails) {
      tails = [];
      for (const feed of this.feeds.values()) {
        for (const tail of feed.tails.values()) if (tail.filter.covers(topic)) tails.push(tail);
      }
      this.interest.set(topic, tails);
    }
    return tails;
  }

  private owns(feed: ClientFeed, tail: TailState): boolean {
    return this.feeds.get(feed.id) === feed && feed.claimed(tail);
  }

  private tailsChanged(): void {
    this.interest.clear();
    if (this.stopper.signal.aborted) return;
    this.syncPatterns().catch(() => {
      // patternsDirty makes the read loop retry, and its errors surface there
    });
  }

  /** Points the shared read at the union of every tail's topics (calls apply in call order). */
  private async syncPatterns(): Promise<void> {
    try {
      await this.tail.setPatterns(this.patternUnion());
      this.patternsDirty = false;
    } catch (error) {
      this.patternsDirty = true;
      throw error;
    }
  }

  private patternUnion(): string[] {
    const all = new Set<string>();
    const add = (tail: TailState): void => tail.filter.topicPatterns.forEach((p) => all.add(p));
    for (const feed of this.feeds.values()) feed.tails.forEach(add);
    this.joining.forEach(add);
    return all.has('*') ? ['*'] : [...all].sort();
  }
}

/**
 * Replay ranges of a resume: per topic, from the client's position (or `after`, or else the smallest
 * position it sent) up to the starting cursor. A topic's own position ahead of the cursor (another
 * instance served the client) becomes a floor: live entries up to it are not sent again.
 */
export function resumeRanges(
  resume: TailResume,
  start: ReadonlyMap<string, string>,
): { ranges: MissedRange[]; floors: Map<string, string> } {
  const given = Object.values(resume.positions);
  const fallback =
    resume.after ??
    given.reduce<string | undefined>(
      (min, id) => (!min || compareEntryIds(id, min) < 0 ? id : min),
      undefined,
    );
  const ranges: MissedRange[] = [];
  const floors = new Map<string, string>();
  for (const [topic, upTo] of start) {
    const own = resume.positions[topic];
    const after = own ?? fallback;
    if (after === undefined) continue;
    const order = compareEntryIds(after, upTo);
    if (order < 0) ranges.push({ topic, after, upTo });
    else if (order > 0 && own !== undefined) floors.set(topic, after);
  }
  return { ranges, floors };
}

function failure(code: LiveError['code'], message: string): { ok: false; error: LiveError } {
  return { ok: false, error: { code, message } };
}
