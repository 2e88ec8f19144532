import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import { HEARTBEAT_MS } from '../presence';
import { RateMeter } from '../rate-meter';
import type { BusLogger } from '../types';

/** What one process did with one aggregate type since it defined it. */
export class AggregateStats {
  /** Appends committed (each of one or more events). */
  appends = 0;
  events = 0;
  /** Appends refused by the version check. */
  conflicts = 0;
  commands = 0;
  /** Commands refused by their schema. */
  invalid = 0;
  /** Commands whose handler threw, or whose append failed for another reason than a conflict. */
  failed = 0;
  loads = 0;
  snapshots = 0;
  /** The topic entry id of the last event this process appended: its position on the topic. */
  position: string | null = null;
  readonly rate = new RateMeter(10_000, 10);

  appended(events: number, lastEntryId: string | undefined): void {
    this.appends += 1;
    this.events += events;
    this.rate.add(events);
    if (lastEntryId !== undefined) this.position = lastEntryId;
  }
}

/** One process's announcement of an aggregate type, in the hash `aggregateTypes()`. */
export interface AggregateTypePresence {
  type: string;
  topic: string;
  service: string;
  host: string;
  pid: number;
  commandTypes: string[];
  snapshotEvery: number;
  /** The topic entry id of the last event this process appended. */
  position: string | null;
  /** Events appended per second over the last 10 s. */
  eventsPerSec: number;
  appends: number;
  events: number;
  conflicts: number;
  commands: number;
  invalid: number;
  failed: number;
  loads: number;
  snapshots: number;
  lastSeen: number;
}

interface Announced {
  type: string;
  topic: string;
  commands: string[];
  snapshotEvery: number;
  stats: AggregateStats;
}

/**
 * Announces each aggregate type this process defined, with its counters, every HEARTBEAT_MS (like
 * consumer presence), so that the console can list aggregate types, who writes them, at what rate and
 * with how many conflicts and refused commands. Removed on close.
 */
export class AggregatePresence {
  private readonly types = new Map<string, Announced>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly service: string,
    private readonly log: BusLogger,
  ) {}

  add(announced: Announced): void {
    this.types.set(announced.type, announced);
    if (!this.timer) {
      this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
      this.timer.unref();
    }
    void this.beat();
  }

  private field(type: string): string {
    return `${type}/${this.service}/${hostname()}:${process.pid}`;
  }

  async beat(): Promise<void> {
    if (this.redis.status !== 'ready' || this.types.size === 0) return;
    const now = Date.now();
    const values: string[] = [];
    for (const t of this.types.values()) {
      const { stats } = t;
      values.push(
        this.field(t.type),
        JSON.stringify({
          type: t.type,
          topic: t.topic,
          service: this.service,
          host: hostname(),
          pid: process.pid,
          commandTypes: t.commands,
          snapshotEvery: t.snapshotEvery,
          position: stats.position,
          eventsPerSec: stats.rate.perSecond(now),
          appends: stats.appends,
          events: stats.events,
          conflicts: stats.conflicts,
          commands: stats.commands,
          invalid: stats.invalid,
          failed: stats.failed,
          loads: stats.loads,
          snapshots: stats.snapshots,
          lastSeen: now,
        } satisfies AggregateTypePresence),
      );
    }
    try {
      await this.redis.hset(this.keys.aggregateTypes(), ...values);
    } catch (error) {
      this.log.debug({ err: (error as Error).message }, 'aggregate heartbeat failed; will retry');
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.redis.status === 'ready' && this.types.size > 0) {
      const fields = [...this.types.keys()].map((type) => this.field(type));
      await this.redis.hdel(this.keys.aggregateTypes(), ...fields).catch(() => 0);
    }
  }
}
