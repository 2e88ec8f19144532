import { compareEntryIds } from '@/server/bus/tail';
import type { LiveEntry } from './live-event';
import type { LiveOptions } from './options';
import { EvenSampler } from './sampler';
import type { CompiledFilter } from './tail-filter';

/** One tail of one client: its filter, its sample of the matches, and the positions it was last sent. */
export class TailState {
  /** Holds entries undecoded: only the ones a take sends are decoded. */
  readonly sampler: EvenSampler<LiveEntry>;
  /** topic -> position last sent to the client. */
  readonly sent = new Map<string, string>();
  positionsSentAt = 0;
  /** While a reconnect's replay is read, live matches wait (bounded by the sampler). */
  replaying = false;
  /**
   * topic -> entry id the client already holds, when its resume position is ahead of this server's
   * cursor (it was served by another instance): live entries up to it are not sent twice.
   */
  private floors: Map<string, string> | null = null;

  constructor(
    readonly id: string,
    readonly filter: CompiledFilter,
    ratePerSec: number,
    options: Pick<LiveOptions, 'flushMs' | 'maxQueuedEvents'>,
  ) {
    this.sampler = new EvenSampler<LiveEntry>(ratePerSec, options.flushMs, options.maxQueuedEvents);
  }

  offer(entry: LiveEntry, now: number): void {
    if (this.floors) {
      const { topic, entryId } = entry;
      const floor = this.floors.get(topic);
      if (floor !== undefined) {
        if (compareEntryIds(entryId, floor) <= 0) return;
        this.floors.delete(topic);
        if (this.floors.size === 0) this.floors = null;
      }
    }
    if (this.filter.accepts(entry)) this.sampler.offer(entry, now);
  }

  setFloors(floors: Map<string, string>): void {
    this.floors = floors.size > 0 ? floors : null;
  }

  /** The position to report for a topic: the read cursor, or the client's own when that is further. */
  position(topic: string, cursor: string): string {
    const floor = this.floors?.get(topic);
    return floor !== undefined && compareEntryIds(floor, cursor) > 0 ? floor : cursor;
  }

  /** Positions of covered topics that moved since the last batch this client was sent. */
  moved(positions: Iterable<[string, string]>): Record<string, string> | null {
    let out: Record<string, string> | null = null;
    for (const [topic, cursor] of positions) {
      if (!this.filter.covers(topic)) continue;
      const position = this.position(topic, cursor);
      if (this.sent.get(topic) === position) continue;
      (out ??= {})[topic] = position;
    }
    return out;
  }

  commit(positions: Record<string, string>, now: number): void {
    for (const [topic, id] of Object.entries(positions)) this.sent.set(topic, id);
    this.positionsSentAt = now;
  }
}
