import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Keys } from './keys';
import type { BusLogger } from './types';

export interface ConsumerPresence {
  service: string;
  group: string;
  consumer: string;
  topics: string[];
  host: string;
  pid: number;
  state: string;
  inFlight: number;
  /** Whether the handlers declared themselves idempotent (`subscribe(..., { idempotent })`); absent from older SDKs. */
  idempotent?: boolean;
  lastSeen: number;
}

export interface ServicePresence {
  service: string;
  source: string;
  host: string;
  pid: number;
  publishes: string[];
  subscriptions: string[];
  lastSeen: number;
}

export const HEARTBEAT_MS = 5_000;
/** A consumer silent this long is dead: once its entries were reclaimed it is removed from its groups. */
export const DEAD_AFTER_MS = 60_000;

/**
 * Heartbeats of this process's service and consumers (hashes `services` and `consumers`), and a janitor
 * that removes dead consumers from their groups once nothing is pending on them.
 */
export class Presence {
  private readonly consumers = new Map<string, () => Omit<ConsumerPresence, 'lastSeen' | 'host' | 'pid'>>();
  private readonly publishes = new Set<string>();
  private timer: NodeJS.Timeout;
  private beats = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly service: string,
    private readonly source: string,
    private readonly log: BusLogger,
  ) {
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  notePublish(topic: string): void {
    if (!this.publishes.has(topic)) {
      this.publishes.add(topic);
      void this.beat();
    }
  }

  addConsumer(
    group: string,
    consumer: string,
    describe: () => Omit<ConsumerPresence, 'lastSeen' | 'host' | 'pid'>,
  ): void {
    this.consumers.set(`${group}/${consumer}`, describe);
    void this.beat();
  }

  async removeConsumer(group: string, consumer: string): Promise<void> {
    this.consumers.delete(`${group}/${consumer}`);
    if (this.redis.status === 'ready')
      await this.redis.hdel(this.keys.consumers(), `${group}/${consumer}`).catch(() => 0);
  }

  async beat(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    const now = Date.now();
    const host = hostname();
    const service: ServicePresence = {
      service: this.service,
      source: this.source,
      host,
      pid: process.pid,
      publishes: [...this.publishes],
      subscriptions: [...this.consumers.keys()].map((k) => k.split('/')[0]!),
      lastSeen: now,
    };
    const pipeline = this.redis.pipeline().hset(this.keys.services(), this.service, JSON.stringify(service));
    for (const [key, describe] of this.consumers) {
      pipeline.hset(
        this.keys.consumers(),
        key,
        JSON.stringify({ ...describe(), host, pid: process.pid, lastSeen: now }),
      );
    }
    try {
      await pipeline.exec();
      this.beats += 1;
      if (this.beats % 6 === 0) await this.sweep(now);
    } catch (error) {
      this.log.debug({ err: (error as Error).message }, 'heartbeat failed; will retry');
    }
  }

  /** Removes consumers silent for DEAD_AFTER_MS whose pending entries have all been reclaimed. */
  async sweep(now = Date.now()): Promise<number> {
    const all = await this.redis.hgetall(this.keys.consumers());
    let removed = 0;
    for (const [key, json] of Object.entries(all)) {
      let presence: ConsumerPresence;
      try {
        presence = JSON.parse(json) as ConsumerPresence;
      } catch {
        await this.redis.hdel(this.keys.consumers(), key);
        continue;
      }
      if (now - presence.lastSeen < DEAD_AFTER_MS) continue;
      let pendingLeft = 0;
      // the group's redelivery streams hold entries too (see lanes.ts)
      const streams = presence.topics.flatMap((topic) => [
        this.keys.stream(topic),
        this.keys.redelivery(topic, presence.group),
      ]);
      for (const stream of streams) {
        const info = (await this.redis
          .xinfo('CONSUMERS', stream, presence.group)
          .catch(() => [])) as unknown[][];
        const mine = info.map(flatToRecord).find((c) => c.name === presence.consumer);
        if (!mine) continue;
        if (Number(mine.pending) > 0) pendingLeft += Number(mine.pending);
        else await this.redis.xgroup('DELCONSUMER', stream, presence.group, presence.consumer);
      }
      if (pendingLeft === 0) {
        await this.redis.hdel(this.keys.consumers(), key);
        removed += 1;
        this.log.info({ group: presence.group, consumer: presence.consumer }, 'removed a dead consumer');
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.redis.status === 'ready') {
      const fields = [...this.consumers.keys()];
      if (fields.length > 0) await this.redis.hdel(this.keys.consumers(), ...fields).catch(() => 0);
    }
  }
}

export function flatToRecord(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}
