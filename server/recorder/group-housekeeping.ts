/**
 * Upkeep of the recorder group, run from the reader's loop: this consumer's own pending entries re-read
 * (after a restart under the same name), entries left idle by recorders that died taken over, consumers
 * long dead removed, recorders of another database in the group noticed (the group is then shared by
 * two deployments, and each records only part of every stream), and at stop this consumer leaving the
 * group where it holds nothing.
 */
import { flatToRecord } from '@/server/bus/presence';
import type { RecorderContext } from './context';
import type { Enqueue } from './entry-batcher';
import type { EntryReader } from './reader';

type PipelineResults = [Error | null, unknown][] | null;

/** The database tag a recorder's consumer name carries (`recorder-db<tag>-…`), if any. */
export function storeTagOf(consumer: string): string | null {
  return /^recorder-db([0-9a-f]{8})-/.exec(consumer)?.[1] ?? null;
}

export class GroupHousekeeping {
  private lastClaim = 0;
  private lastSweep = 0;
  /** Why the group is shared with another database's recorder, as of the last sweep; null when it is not. */
  sharedWith: string | null = null;

  constructor(
    private readonly ctx: Pick<
      RecorderContext,
      'redis' | 'group' | 'consumer' | 'registry' | 'options' | 'errors' | 'totals' | 'log' | 'stopSignal'
    >,
    private readonly reader: EntryReader,
    private readonly enqueue: Enqueue,
  ) {}

  async readOwnPending(): Promise<void> {
    const { registry, options, stopSignal } = this.ctx;
    while (!stopSignal.aborted && registry.list().some((s) => s.pendingCursor !== null)) {
      await this.enqueue(await this.reader.readOwnPending(registry.list(), options.readCount), true);
    }
  }

  /** Takes over entries pending longer than `claimIdleMs` on other recorders (every `claimEveryMs`). */
  async claimIdle(): Promise<void> {
    const { options, registry } = this.ctx;
    if (Date.now() - this.lastClaim < options.claimEveryMs) return;
    this.lastClaim = Date.now();
    let claimed = 0;
    try {
      // rounds while there may be more, up to one read's worth per cycle
      do {
        const streams = registry.list();
        const entries = await this.reader.claimIdle(streams, options.claimIdleMs, options.readCount);
        claimed += entries.length;
        await this.enqueue(entries, true);
        if (streams.every((s) => s.claimCursor === '0-0')) break;
      } while (!this.ctx.stopSignal.aborted && claimed < options.maxReadEntries);
    } catch (error) {
      // stop() closes the connections under a running round: not an error
      if (!this.ctx.stopSignal.aborted) this.ctx.errors.record('claim', error);
    }
    if (claimed > 0) {
      this.ctx.totals.claimed += claimed;
      this.ctx.log.info({ claimed }, 'took over entries idle on other recorders');
    }
  }

  /**
   * Removes consumers of the recorder group that died long ago with nothing pending, and notes a live
   * recorder of another database in it (every `sweepEveryMs`).
   */
  async sweepConsumers(): Promise<void> {
    if (Date.now() - this.lastSweep < this.ctx.options.sweepEveryMs) return;
    this.lastSweep = Date.now();
    const { redis, group } = this.ctx;
    try {
      const streams = this.ctx.registry.list();
      const info = redis.pipeline();
      for (const stream of streams) info.xinfo('CONSUMERS', stream.key, group);
      const results = ((await info.exec()) as PipelineResults) ?? [];
      const removal = redis.pipeline();
      let removals = 0;
      let shared: string | null = null;
      streams.forEach((stream, i) => {
        const [error, consumers] = results[i] ?? [null, []];
        if (error || !Array.isArray(consumers)) return;
        shared ??= this.otherDatabase(stream.key, consumers as unknown[][]);
        for (const name of this.deadConsumers(consumers as unknown[][])) {
          removal.xgroup('DELCONSUMER', stream.key, group, name);
          removals += 1;
        }
      });
      if (removals > 0) await removal.exec();
      if (shared && shared !== this.sharedWith) this.ctx.log.error({ group }, shared);
      this.sharedWith = shared;
    } catch (error) {
      // stop() closes the connections under a running round: not an error
      if (!this.ctx.stopSignal.aborted) this.ctx.errors.record('claim', error);
    }
  }

  /** On stop: leaves the group on streams where this consumer holds nothing (pending entries keep it). */
  async leaveGroup(): Promise<void> {
    const { redis, group, consumer } = this.ctx;
    const streams = this.ctx.registry.list();
    if (streams.length === 0 || redis.status !== 'ready') return;
    const check = redis.pipeline();
    for (const s of streams) check.xpending(s.key, group, '-', '+', 1, consumer);
    const results = ((await check.exec()) as PipelineResults) ?? [];
    const leave = redis.pipeline();
    let n = 0;
    streams.forEach((s, i) => {
      const [error, pending] = results[i] ?? [null, null];
      if (!error && Array.isArray(pending) && pending.length === 0) {
        leave.xgroup('DELCONSUMER', s.key, group, consumer);
        n += 1;
      }
    });
    if (n > 0) await leave.exec();
  }

  /** A live consumer of the group that is a recorder of another database, said in one sentence; or null. */
  private otherDatabase(stream: string, consumers: readonly unknown[][]): string | null {
    const own = storeTagOf(this.ctx.consumer);
    if (own === null) return null;
    const other = consumers.map(flatToRecord).find((c) => {
      const tag = storeTagOf(String(c.name));
      const live = Number(c.idle) < this.ctx.options.deadConsumerIdleMs || Number(c.pending) > 0;
      return tag !== null && tag !== own && live;
    });
    if (!other) return null;
    return (
      `consumer group "${this.ctx.group}" on ${stream} is shared with ${String(other.name)}, a recorder ` +
      `writing into another database: each records only part of the streams. Give one deployment its ` +
      `own EVENTLENS_RECORDER_GROUP`
    );
  }

  /** Other consumers in an XINFO CONSUMERS reply, idle past `deadConsumerIdleMs` with nothing pending. */
  private deadConsumers(consumers: readonly unknown[][]): string[] {
    return consumers
      .map(flatToRecord)
      .filter(
        (c) =>
          Number(c.pending) === 0 &&
          Number(c.idle) > this.ctx.options.deadConsumerIdleMs &&
          c.name !== this.ctx.consumer,
      )
      .map((c) => String(c.name));
  }
}
