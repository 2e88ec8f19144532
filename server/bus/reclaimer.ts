import type { Redis } from 'ioredis';
import type { Delivery } from './delivery-types';
import type { Keys } from './keys';
import { laneFailures, lanesOf, laneStream, type LaneRef } from './lanes';
import type { BusLogger } from './types';

export interface ReclaimerDeps {
  /** The subscription's own connection (waits across reconnects). */
  reader: Redis;
  /** The shared command connection (scripts registered). */
  redis: Redis;
  keys: Keys;
  group: string;
  consumer: string;
  claimIdleMs: number;
  maxAttempts: number;
  log: BusLogger;
  owned: () => Iterable<Delivery>;
}

type AutoClaimReply = [string, [string, string[] | null][], string[]?];

/**
 * Crash recovery for one consumer: takes over entries idle longer than `claimIdleMs` on any consumer
 * of the group (XAUTOCLAIM), reports entries trimmed while pending, and heartbeats the entries it
 * holds itself (owner-checked XCLAIM JUSTID) so that long handlers are not taken over.
 */
export class Reclaimer {
  private lastClaim = 0;
  private lastTouch = Date.now();

  constructor(private readonly d: ReclaimerDeps) {}

  async maybeRun(topics: readonly string[]): Promise<Delivery[]> {
    const now = Date.now();
    if (now - this.lastTouch >= Math.max(250, this.d.claimIdleMs / 3)) {
      this.lastTouch = now;
      await this.touchOwned();
    }
    if (now - this.lastClaim < Math.max(250, this.d.claimIdleMs / 2)) return [];
    this.lastClaim = now;
    const out: Delivery[] = [];
    for (const lane of lanesOf(topics)) out.push(...(await this.claim(lane)));
    return out;
  }

  private async claim(lane: LaneRef): Promise<Delivery[]> {
    const stream = laneStream(this.d.keys, this.d.group, lane);
    const claimed: [string, string[] | null][] = [];
    const trimmed: string[] = [];
    let cursor = '0-0';
    do {
      const [next, entries, deleted] = (await this.d.reader.xautoclaim(
        stream,
        this.d.group,
        this.d.consumer,
        this.d.claimIdleMs,
        cursor,
        'COUNT',
        100,
      )) as AutoClaimReply;
      claimed.push(...entries.filter(([, flat]) => flat !== null));
      trimmed.push(...entries.filter(([, flat]) => flat === null).map(([id]) => id), ...(deleted ?? []));
      cursor = next;
    } while (cursor !== '0-0' && claimed.length < 1_000);
    if (claimed.length === 0 && trimmed.length === 0) return [];
    this.d.log.info(
      { stream, group: this.d.group, claimed: claimed.length, trimmed: trimmed.length },
      'reclaimed idle entries',
    );
    const attempts = await this.attemptsOf(
      lane,
      claimed.map(([id]) => id),
    );
    return [
      ...claimed.map(([entryId, flat]) => ({ ...lane, entryId, flat, attempt: attempts.get(entryId) ?? 2 })),
      ...trimmed.map((entryId) => ({ ...lane, entryId, flat: null, attempt: 1 })),
    ];
  }

  /** Attempts so far: the larger of Redis' delivery count and the failures this group recorded. */
  async attemptsOf(lane: LaneRef, ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (ids.length === 0) return out;
    const stream = laneStream(this.d.keys, this.d.group, lane);
    const pipeline = this.d.reader.pipeline();
    for (const id of ids) pipeline.xpending(stream, this.d.group, id, id, 1);
    pipeline.hmget(laneFailures(this.d.keys, this.d.group, lane), ...ids);
    const results = (await pipeline.exec()) ?? [];
    const failures = (results[ids.length]?.[1] ?? []) as (string | null)[];
    ids.forEach((id, i) => {
      const pending = results[i]?.[1] as [string, string, number, number][] | undefined;
      const deliveries = Number(pending?.[0]?.[3] ?? 1);
      let recorded = 0;
      try {
        recorded = failures[i] ? Number((JSON.parse(failures[i]!) as { attempts: number }).attempts) : 0;
      } catch {
        recorded = 0;
      }
      out.set(id, Math.max(deliveries, recorded + 1));
    });
    return out;
  }

  private async touchOwned(): Promise<void> {
    const byStream = new Map<string, string[]>();
    for (const delivery of this.d.owned()) {
      const stream = laneStream(this.d.keys, this.d.group, delivery);
      const ids = byStream.get(stream) ?? [];
      ids.push(delivery.entryId);
      byStream.set(stream, ids);
    }
    for (const [stream, ids] of byStream) {
      const kept = await this.d.redis.elTouch(stream, this.d.group, this.d.consumer, ...ids);
      const lost = ids.filter((_, i) => kept[i] !== 1);
      if (lost.length > 0)
        this.d.log.warn({ stream, lost: lost.length }, 'entries in hand were taken over by another consumer');
    }
  }
}
