import type { Redis } from 'ioredis';
import type { DeliveryRecord } from '@/server/contracts/envelope';
import type { Keys } from './keys';
import type { BusLogger } from './types';

export interface TelemetryOptions {
  /** Flush at least this often. Default 250 ms. */
  flushMs: number;
  /** Flush when this many records are buffered. Default 500. */
  maxBatch: number;
  /** Records kept in memory while Redis is away; beyond it records are dropped and counted. Default 20,000. */
  maxBuffered: number;
  /** Approximate cap of the telemetry stream (entries, each a batch). Default 10,000. */
  streamMaxLen: number;
}

export const DEFAULT_TELEMETRY: TelemetryOptions = {
  flushMs: 250,
  maxBatch: 500,
  maxBuffered: 20_000,
  streamMaxLen: 10_000,
};

/**
 * Delivery outcomes for the dashboard, off the handler's critical path: `record` only pushes to an
 * array; a timer writes batches as one stream entry each (`batch` = JSON array, `dropped` = count).
 */
export class TelemetryWriter {
  private buffer: DeliveryRecord[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;
  droppedTotal = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly options: TelemetryOptions,
    private readonly log: BusLogger,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushMs);
    this.timer.unref();
  }

  record(record: DeliveryRecord): void {
    if (this.buffer.length >= this.options.maxBuffered) {
      this.dropped += 1;
      this.droppedTotal += 1;
      return;
    }
    this.buffer.push(record);
    if (this.buffer.length >= this.options.maxBatch) void this.flush();
  }

  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0 && this.dropped === 0) return;
    if (this.redis.status !== 'ready') return;
    const batch = this.buffer;
    const dropped = this.dropped;
    this.buffer = [];
    this.dropped = 0;
    this.flushing = (async () => {
      try {
        await this.redis.xadd(
          this.keys.telemetry(),
          'MAXLEN',
          '~',
          String(this.options.streamMaxLen),
          '*',
          'batch',
          JSON.stringify(batch),
          'dropped',
          String(dropped),
        );
      } catch (error) {
        // put the batch back (bounded) so an outage costs counted drops, not silent ones
        const room = this.options.maxBuffered - this.buffer.length;
        this.buffer.unshift(...batch.slice(0, Math.max(0, room)));
        this.dropped += dropped + Math.max(0, batch.length - room);
        this.log.debug({ err: (error as Error).message }, 'telemetry flush failed; will retry');
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
