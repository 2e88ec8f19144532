/**
 * The recorder's reads, on its own connection (commands wait across reconnects; `disconnect()` ends a
 * blocked read at stop): new entries (XREADGROUP `>` with COUNT + BLOCK), this consumer's own pending
 * entries from an explicit cursor (after a restart under the same name), and idle entries of recorders
 * that died (XAUTOCLAIM, from each stream's explicit cursor).
 */
import type { Redis } from 'ioredis';
import type { StreamState } from './streams';

export interface ReadEntry {
  stream: StreamState;
  id: string;
  /** null when the entry was deleted (trimmed) while pending: it is acked, nothing is recorded. */
  flat: string[] | null;
}

type EntryReply = [string, [string, string[] | null][]][] | null;
type AutoClaimReply = [string, [string, string[] | null][], string[]?];
type PipelineResults = [Error | null, unknown][] | null;

export class EntryReader {
  constructor(
    private readonly connection: Redis,
    private readonly group: string,
    private readonly consumer: string,
  ) {}

  /** New entries of every stream: up to `count` per stream, waiting up to `blockMs` when there are none. */
  async readNew(streams: readonly StreamState[], count: number, blockMs: number): Promise<ReadEntry[]> {
    if (streams.length === 0) return [];
    const keys = streams.map((s) => s.key);
    const reply = (await this.connection.xreadgroup(
      'GROUP',
      this.group,
      this.consumer,
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      ...keys,
      ...keys.map(() => '>'),
    )) as EntryReply;
    return this.collect(reply, streams);
  }

  /**
   * This consumer's pending entries, from each stream's `pendingCursor` (no blocking). A stream whose
   * history is exhausted gets `pendingCursor = null`.
   */
  async readOwnPending(streams: readonly StreamState[], count: number): Promise<ReadEntry[]> {
    const due = streams.filter((s) => s.pendingCursor !== null);
    if (due.length === 0) return [];
    const reply = (await this.connection.xreadgroup(
      'GROUP',
      this.group,
      this.consumer,
      'COUNT',
      count,
      'STREAMS',
      ...due.map((s) => s.key),
      ...due.map((s) => s.pendingCursor!),
    )) as EntryReply;
    const entries = this.collect(reply, due);
    for (const stream of due) {
      const mine = entries.filter((e) => e.stream === stream);
      stream.pendingCursor = mine.length === 0 ? null : mine[mine.length - 1]!.id;
    }
    return entries;
  }

  /** Entries pending longer than `minIdleMs` on any consumer of the group, taken over by this one. */
  async claimIdle(streams: readonly StreamState[], minIdleMs: number, count: number): Promise<ReadEntry[]> {
    if (streams.length === 0) return [];
    const pipeline = this.connection.pipeline();
    for (const stream of streams) {
      pipeline.xautoclaim(
        stream.key,
        this.group,
        this.consumer,
        minIdleMs,
        stream.claimCursor,
        'COUNT',
        count,
      );
    }
    const results = ((await pipeline.exec()) as PipelineResults) ?? [];
    const out: ReadEntry[] = [];
    streams.forEach((stream, i) => {
      const [error, reply] = results[i] ?? [null, null];
      if (error || !reply) return; // NOGROUP and friends surface through the next read
      const [next, entries] = reply as AutoClaimReply;
      stream.claimCursor = next;
      for (const [id, flat] of entries) {
        if (!stream.inFlight.has(id)) out.push({ stream, id, flat });
      }
    });
    return out;
  }

  private collect(reply: EntryReply, streams: readonly StreamState[]): ReadEntry[] {
    if (!reply) return [];
    const byKey = new Map(streams.map((s) => [s.key, s]));
    const out: ReadEntry[] = [];
    for (const [key, entries] of reply) {
      const stream = byKey.get(key);
      if (!stream) continue;
      for (const [id, flat] of entries) out.push({ stream, id, flat });
    }
    return out;
  }
}
