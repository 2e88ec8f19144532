import type { Redis } from 'ioredis';
import type { DeadLetterCategory, DeliveryOutcome } from '@/server/contracts/envelope';
import type { Keys } from './keys';
import {
  COLUMN_NAMES,
  emptyColumns,
  encodeColumns,
  OUTCOME_CODE,
  sliceColumns,
  TELEMETRY_VERSION,
  type TelemetryColumns,
} from './telemetry-format';
import type { BusLogger } from './types';

export interface TelemetryOptions {
  /** Flush at least this often. Default 250 ms. */
  flushMs: number;
  /** Records kept in memory while Redis is away; beyond it records are dropped and counted. Default 20,000. */
  maxBuffered: number;
  /** Approximate cap of the telemetry stream, in entries (each one flush of one consumer). Default 2,000. */
  streamMaxLen: number;
  /** Records per stream entry at most. Default 1,000. */
  maxPerEntry: number;
}

export const DEFAULT_TELEMETRY: TelemetryOptions = {
  flushMs: 250,
  maxBuffered: 20_000,
  streamMaxLen: 2_000,
  maxPerEntry: 1_000,
};

const WARN_EVERY_MS = 10_000;

/**
 * Delivery outcomes for the dashboard, off the handler's critical path. A record is a few array
 * pushes into its consumer's columns (no object, no string per delivery: measured, per-record
 * strings and objects cost a fifth of consume CPU); each flush writes one stream entry per consumer
 * and 1,000 records (format in `telemetry-format.ts`). Decode with `decodeTelemetryEntry`.
 */
export class TelemetryWriter {
  private readonly channels = new Set<TelemetryChannel>();
  private timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private lastWarnAt = 0;
  private failedAt = 0;
  private soon = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly options: TelemetryOptions,
    private readonly log: BusLogger,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushMs);
    this.timer.unref();
  }

  channel(group: string, consumer: string, service: string): TelemetryChannel {
    const channel = new TelemetryChannel(group, consumer, service, this.options, () => this.flushSoon());
    this.channels.add(channel);
    return channel;
  }

  /**
   * A channel holding a full entry's worth of records is written now rather than at the next tick
   * of the timer, so that records die young instead of piling up for 250 ms.
   */
  private flushSoon(): void {
    // after a failed write, only the timer retries: a full buffer must not turn into a busy loop
    if (Date.now() - this.failedAt < this.options.flushMs) return;
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    if (this.soon) return;
    this.soon = true;
    setImmediate(() => {
      this.soon = false;
      void this.flush();
    });
  }

  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.redis.status !== 'ready') return;
    const pipeline = this.redis.pipeline();
    // one per XADD, in pipeline order: what to put back if that entry is not written
    const parts: { channel: TelemetryChannel; columns: TelemetryColumns; dropped: number }[] = [];
    for (const channel of this.channels) {
      if (channel.size === 0 && channel.dropped === 0) continue;
      const { columns, dropped } = channel.take();
      const size = columns.outcome.length;
      for (let i = 0; i < Math.max(1, size); i += this.options.maxPerEntry) {
        const part =
          i === 0 && size <= this.options.maxPerEntry
            ? columns
            : sliceColumns(columns, i, i + this.options.maxPerEntry);
        const partDropped = i === 0 ? dropped : 0;
        parts.push({ channel, columns: part, dropped: partDropped });
        pipeline.xadd(
          this.keys.telemetry(),
          'MAXLEN',
          '~',
          String(this.options.streamMaxLen),
          '*',
          'v',
          TELEMETRY_VERSION,
          'group',
          channel.group,
          'consumer',
          channel.consumer,
          'service',
          channel.service,
          'dropped',
          String(partDropped),
          'records',
          encodeColumns(part),
        );
      }
    }
    if (parts.length === 0) return;
    // records that were not written go back (bounded), so a failure costs counted drops, never silent ones
    const putBack = (failed: typeof parts, reason: string): void => {
      for (const { channel, columns, dropped } of failed) channel.restore(columns, dropped);
      this.failedAt = Date.now();
      if (Date.now() - this.lastWarnAt < WARN_EVERY_MS) return; // a lasting failure warns now and then
      this.lastWarnAt = Date.now();
      this.log.warn({ err: reason, entries: failed.length }, 'telemetry not written; will retry');
    };
    this.flushing = pipeline
      .exec()
      .then((results) => {
        // a pipeline resolves even when some of its commands fail (say WRONGTYPE, or OOM)
        const failed = parts.filter((_, i) => results?.[i]?.[0]);
        const first = results?.find(([error]) => error)?.[0];
        if (failed.length > 0) putBack(failed, first?.message ?? 'unknown error');
      })
      .catch((error: unknown) => putBack(parts, (error as Error).message))
      .finally(() => {
        this.flushing = null;
        if (this.flushAgain) {
          this.flushAgain = false;
          this.flushSoon();
        }
      });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }
}

/** One consumer's buffer of outcome records. */
export class TelemetryChannel {
  dropped = 0;
  private columns = emptyColumns();

  constructor(
    readonly group: string,
    readonly consumer: string,
    readonly service: string,
    private readonly options: Pick<TelemetryOptions, 'maxBuffered' | 'maxPerEntry'>,
    private readonly full: () => void = () => undefined,
  ) {}

  get size(): number {
    return this.columns.outcome.length;
  }

  record(
    outcome: DeliveryOutcome,
    topic: string,
    entryId: string,
    eventId: string | null | undefined,
    type: string | null | undefined,
    correlationId: string | null | undefined,
    attempt: number,
    durationMs: number | null,
    category: DeadLetterCategory | null = null,
    error: string | null = null,
  ): void {
    const c = this.columns;
    if (c.outcome.length >= this.options.maxBuffered) {
      this.dropped += 1;
      return;
    }
    c.outcome.push(OUTCOME_CODE[outcome]);
    c.topic.push(topic);
    c.entryId.push(entryId);
    c.eventId.push(eventId ?? null);
    c.type.push(type ?? null);
    c.correlationId.push(correlationId ?? null);
    c.attempt.push(attempt);
    c.durationUs.push(durationMs === null ? null : Math.round(durationMs * 1_000));
    c.category.push(category);
    c.error.push(error === null ? null : error.slice(0, 300));
    c.at.push(Date.now());
    if (c.outcome.length >= this.options.maxPerEntry) this.full();
  }

  /** Hands over what is buffered and starts empty. */
  take(): { columns: TelemetryColumns; dropped: number } {
    const taken = { columns: this.columns, dropped: this.dropped };
    this.columns = emptyColumns();
    this.dropped = 0;
    return taken;
  }

  /** Puts back records that could not be written (bounded: what does not fit is counted as dropped). */
  restore(columns: TelemetryColumns, dropped: number): void {
    const size = columns.outcome.length;
    const room = Math.max(0, this.options.maxBuffered - this.size);
    const kept = Math.min(size, room);
    const current = this.columns;
    const merged = {} as Record<keyof TelemetryColumns, unknown[]>;
    for (const name of COLUMN_NAMES) merged[name] = columns[name].slice(0, kept).concat(current[name]);
    this.columns = merged as unknown as TelemetryColumns;
    this.dropped += dropped + (size - kept);
  }
}
