import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import { flatToRecord, HEARTBEAT_MS } from '../presence';
import { RateMeter } from '../rate-meter';
import type { Subscription } from '../subscription';
import type { BusLogger } from '../types';
import type { ProcessorStats, RuleShape } from './types';

/** What a processor announces in `stream-processors` (by `name/consumer`), as consumers do theirs. */
export interface ProcessorPresence extends ProcessorStats {
  name: string;
  kind: ProcessorKind;
  service: string;
  group: string;
  consumer: string;
  topics: string[];
  /** Where its results go. */
  output: string;
  /** Type of the events it publishes; absent when a forward keeps each input's (mapped) type. */
  outputType?: string;
  /** Rules: threshold and window (`count` for count rules). */
  rule?: RuleShape;
  /** The processor's `description` option: what it does, in words. */
  description?: string;
  host: string;
  pid: number;
  /** Events this process handled per second, over the last 10 s. */
  ratePerSec: number;
  /** Entries of its topics not yet delivered to its group (XINFO GROUPS `lag`; null when unknown). */
  lag: number | null;
  /** Deliveries of this process that failed (retried or dead-lettered). */
  errors: number;
  lastSeen: number;
}

export type ProcessorKind = 'forward' | 'window' | 'count' | 'absence';

export interface AnnounceParts {
  redis: Redis;
  keys: Keys;
  log: BusLogger;
  name: string;
  kind: ProcessorKind;
  service: string;
  output: string;
  outputType: string | undefined;
  rule: RuleShape | undefined;
  description: string | undefined;
  subscription: Subscription;
  stats: () => Promise<ProcessorStats>;
}

/** Heartbeats of one running processor: position (watermark), counters, rate, lag and errors. */
export class ProcessorAnnouncer {
  readonly meter = new RateMeter(10_000, 10);
  private readonly field: string;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly parts: AnnounceParts) {
    this.field = `${parts.name}/${parts.subscription.consumer}`;
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  async beat(): Promise<void> {
    const { redis, keys, subscription } = this.parts;
    if (redis.status !== 'ready' || this.closed) return;
    try {
      const presence: ProcessorPresence = {
        ...(await this.parts.stats()),
        name: this.parts.name,
        kind: this.parts.kind,
        service: this.parts.service,
        group: subscription.group,
        consumer: subscription.consumer,
        topics: [...subscription.topics],
        output: this.parts.output,
        ...(this.parts.outputType === undefined ? {} : { outputType: this.parts.outputType }),
        ...(this.parts.rule === undefined ? {} : { rule: this.parts.rule }),
        ...(this.parts.description === undefined ? {} : { description: this.parts.description }),
        host: hostname(),
        pid: process.pid,
        ratePerSec: this.meter.settledPerSecond(),
        lag: await this.lag(),
        errors: subscription.stats.failed + subscription.stats['dead-lettered'],
        lastSeen: Date.now(),
      };
      // a beat that was under way when the processor stopped must not bring its heartbeat back
      if (!this.closed) await redis.hset(keys.streamProcessors(), this.field, JSON.stringify(presence));
    } catch (error) {
      this.parts.log.debug({ err: (error as Error).message }, 'processor heartbeat failed; will retry');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    if (this.parts.redis.status === 'ready')
      await this.parts.redis.hdel(this.parts.keys.streamProcessors(), this.field).catch(() => 0);
  }

  private async lag(): Promise<number | null> {
    const { redis, keys, subscription } = this.parts;
    let total = 0;
    for (const topic of subscription.topics) {
      const groups = (await redis.xinfo('GROUPS', keys.stream(topic)).catch(() => [])) as unknown[][];
      const mine = groups.map(flatToRecord).find((g) => g.name === subscription.group);
      if (mine?.lag === undefined || mine.lag === null) return null;
      total += Number(mine.lag);
    }
    return total;
  }
}
