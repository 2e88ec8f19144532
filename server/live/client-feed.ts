import type {
  LiveClientStatus,
  LiveEvent,
  SocketPrincipal,
  TailBatch,
  TailFrame,
  TailReset,
} from '@/server/contracts/live';
import type { LiveOptions } from './options';
import type { LiveSocket } from './socket-server';
import type { TailState } from './tail-state';

/** The masking presenter's view of one event for one principal (server/access: presentLiveEvent). */
export type PresentLiveEvent = (principal: SocketPrincipal, event: LiveEvent) => LiveEvent;

/** What a socket's principal may see and do in the live layer; server/access decides, app.ts passes it in. */
export interface LivePresenter {
  event: PresentLiveEvent;
  /** A tail's `text` filter searches payloads: roles that may not read them may not search them either. */
  maySearchPayload(principal: SocketPrincipal): boolean;
}

const SHOW_ALL: LivePresenter = { event: (_principal, event) => event, maySearchPayload: () => true };

/**
 * One connected client's side of the relay: its tails, one `tail:events` frame per flush covering all
 * of them, and the counters of what the cap sampled out and what backpressure skipped.
 *
 * Backpressure: when engine.io holds `maxBufferedPackets` or more packets for this socket (its
 * transport is still busy with earlier ones: a slow network or a stalled tab), the frame is dropped
 * and counted instead of queued; the next frame that goes out says how many were skipped.
 */
export class ClientFeed {
  readonly tails = new Map<string, TailState>();
  /** tail id -> the latest tail subscribed under it (possibly still joining). */
  private readonly claims = new Map<string, TailState>();
  private seq = 0;
  private unreportedFrames = 0;
  private unreportedEvents = 0;
  private readonly counters = {
    frames: 0,
    sent: 0,
    sampled: 0,
    skippedFrames: 0,
    skippedEvents: 0,
    replayed: 0,
    resets: 0,
  };

  constructor(
    readonly socket: LiveSocket,
    private readonly options: LiveOptions,
    /** What the socket's principal may see, asked at send time: a lowered role applies at once. */
    private readonly presenter: LivePresenter = SHOW_ALL,
  ) {}

  get id(): string {
    return this.socket.id;
  }

  /** Marks `tail` as the latest under its id; an older subscribe still joining then gives up. */
  claim(tail: TailState): void {
    this.claims.set(tail.id, tail);
  }

  claimed(tail: TailState): boolean {
    return this.claims.get(tail.id) === tail;
  }

  add(tail: TailState): void {
    this.tails.set(tail.id, tail);
    this.rebalance();
  }

  remove(tailId: string): TailState | undefined {
    this.claims.delete(tailId);
    const tail = this.tails.get(tailId);
    if (tail) {
      this.tails.delete(tailId);
      this.rebalance();
    }
    return tail;
  }

  /** Packets engine.io holds for this socket because its transport is still sending earlier ones. */
  bufferedPackets(): number {
    const conn = this.socket.conn as unknown as { writeBuffer?: readonly unknown[] };
    return conn.writeBuffer?.length ?? 0;
  }

  flush(now: number, positionsOf: (tail: TailState) => Iterable<[string, string]>): void {
    const backedUp = this.bufferedPackets() >= this.options.maxBufferedPackets;
    const batches: TailBatch[] = [];
    let events = 0;
    // a role lowered below payload:read while a text tail was open: its matches are withheld from now on
    const maySearch = this.presenter.maySearchPayload(this.socket.data.principal);
    for (const tail of this.tails.values()) {
      if (tail.replaying) continue;
      const taken = tail.sampler.take(now);
      if (!maySearch && tail.filter.searchesPayload) continue;
      this.counters.sampled += taken.dropped;
      const moved = tail.moved(positionsOf(tail));
      const due =
        taken.items.length > 0 ||
        taken.marker !== undefined ||
        (moved !== null && now - tail.positionsSentAt >= this.options.positionsEveryMs);
      if (!due) continue;
      const batch: TailBatch = {
        tailId: tail.id,
        events: taken.items.map((entry) => entry.event),
        positions: moved ?? {},
      };
      if (taken.marker) batch.sampling = taken.marker;
      batches.push(batch);
      events += taken.items.length;
    }
    if (backedUp) {
      if (events > 0) {
        this.counters.skippedFrames += 1;
        this.counters.skippedEvents += events;
        this.unreportedFrames += 1;
        this.unreportedEvents += events;
      }
      return; // positions stay unsent: the next frame carries them
    }
    if (batches.length === 0 && this.unreportedFrames === 0) return;
    for (const batch of batches) this.tails.get(batch.tailId)?.commit(batch.positions, now);
    this.counters.sent += events;
    this.emit(batches);
  }

  /** A reconnect's catch-up: sent at once, before any live batch of the tail (not sampled, not skipped). */
  sendReplay(tail: TailState, batch: TailBatch, now: number): void {
    tail.commit(batch.positions, now);
    this.counters.replayed += batch.events.length;
    this.emit([batch]);
  }

  sendReset(reset: TailReset): void {
    this.counters.resets += 1;
    this.socket.emit('tail:reset', reset);
  }

  status(): LiveClientStatus {
    let queued = 0;
    for (const tail of this.tails.values()) queued += tail.sampler.queued;
    return { socketId: this.id, tails: this.tails.size, queued, ...this.counters };
  }

  private emit(batches: TailBatch[]): void {
    const principal = this.socket.data.principal;
    const tails = batches.map((batch) => ({
      ...batch,
      events: batch.events.map((event) => this.presenter.event(principal, event)),
    }));
    const frame: TailFrame = {
      seq: ++this.seq,
      tails,
      skippedFrames: this.unreportedFrames,
      skippedEvents: this.unreportedEvents,
    };
    this.unreportedFrames = 0;
    this.unreportedEvents = 0;
    this.counters.frames += 1;
    this.socket.emit('tail:events', frame);
  }

  /** A client's tails share its cap evenly. */
  private rebalance(): void {
    const share = this.options.maxEventsPerSec / Math.max(1, this.tails.size);
    for (const tail of this.tails.values()) tail.sampler.setRate(share);
  }
}
