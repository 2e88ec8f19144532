import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import { DEAD_AFTER_MS, HEARTBEAT_MS } from '../presence';
import type { BusLogger } from '../types';
import type { GenerationRunner } from './runner';
import { projectionStatus } from './status';

/** One process running one projection, as announced in `el:projections` (field `<name>/<owner>`). */
export interface ProjectionPresence {
  name: string;
  service: string;
  owner: string;
  host: string;
  pid: number;
  topics: string[];
  paused: boolean;
  generations: {
    generation: number;
    role: 'active' | 'building';
    /** This process holds the generation's lease (the others stand by). */
    holder: boolean;
    positions: Record<string, string | null>;
    lag: number;
    /** Entries this process worked through per second, over the last 5 s. */
    ratePerSec: number;
    applied: number;
    duplicates: number;
    errors: number;
    lastError: string | null;
  }[];
  lastSeen: number;
}

export interface AnnouncedProjection {
  name: string;
  runners: () => ReadonlyMap<number, GenerationRunner>;
}

/**
 * Heartbeats of the projections this process runs, like consumer presence (../presence.ts): position,
 * lag, rate and errors per generation, every HEARTBEAT_MS. Lag comes from projectionStatus (O(1) per topic).
 */
export class ProjectionPresenceWriter {
  private readonly announced = new Map<string, AnnouncedProjection>();
  private timer: NodeJS.Timeout | null = null;
  private beats = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly service: string,
    private readonly owner: string,
    private readonly log: BusLogger,
  ) {}

  add(projection: AnnouncedProjection): void {
    this.announced.set(projection.name, projection);
    if (!this.timer) {
      this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
      this.timer.unref();
    }
    void this.beat();
  }

  async beat(): Promise<void> {
    if (this.redis.status !== 'ready' || this.announced.size === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const projection of this.announced.values()) {
        const doc = await this.describe(projection);
        pipeline.hset(this.keys.projections(), `${projection.name}/${this.owner}`, JSON.stringify(doc));
      }
      await pipeline.exec();
      this.beats += 1;
      if (this.beats % 6 === 0) await this.sweep();
    } catch (error) {
      this.log.debug({ err: (error as Error).message }, 'projection heartbeat failed; will retry');
    }
  }

  /** Removes announcements of processes silent for DEAD_AFTER_MS (killed ones never say goodbye). */
  async sweep(now = Date.now()): Promise<number> {
    const all = await this.redis.hgetall(this.keys.projections());
    const dead = Object.entries(all)
      .filter(([, json]) => {
        try {
          return now - (JSON.parse(json) as { lastSeen: number }).lastSeen > DEAD_AFTER_MS;
        } catch {
          return true;
        }
      })
      .map(([field]) => field);
    if (dead.length > 0) await this.redis.hdel(this.keys.projections(), ...dead);
    return dead.length;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const fields = [...this.announced.keys()].map((name) => `${name}/${this.owner}`);
    this.announced.clear();
    if (fields.length > 0 && this.redis.status === 'ready')
      await this.redis.hdel(this.keys.projections(), ...fields).catch(() => 0);
  }

  private async describe(projection: AnnouncedProjection): Promise<ProjectionPresence> {
    const status = await projectionStatus(this.redis, this.keys, projection.name);
    const runners = projection.runners();
    const generations = [status.active, ...(status.building ? [status.building] : [])].map((g) => {
      const runner = runners.get(g.generation);
      return {
        generation: g.generation,
        role: g === status.active ? ('active' as const) : ('building' as const),
        holder: runner?.stats.holding ?? false,
        positions: Object.fromEntries(g.topics.map((t) => [t.topic, t.position])),
        lag: g.lag,
        ratePerSec: Math.round(runner?.rate.perSecond() ?? 0),
        applied: g.applied,
        duplicates: g.duplicates,
        errors: g.errors,
        lastError: g.lastError,
      };
    });
    return {
      name: projection.name,
      service: this.service,
      owner: this.owner,
      host: hostname(),
      pid: process.pid,
      topics: status.topics,
      paused: status.paused,
      generations,
      lastSeen: Date.now(),
    };
  }
}
