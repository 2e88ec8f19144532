import type { Redis } from 'ioredis';
import {
  DEAD_LETTER_CATEGORIES,
  DELIVERY_OUTCOMES,
  type DeadLetterCategory,
  type DeliveryOutcome,
  type DeliveryRecord,
} from '@/server/contracts/envelope';
import type { Keys } from './keys';
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

/** Wire version of the telemetry entry format. */
export const TELEMETRY_VERSION = '2';

/**
 * Delivery outcomes for the dashboard, off the handler's critical path. A record is one tab-separated
 * line appended to its consumer's buffer (no object, no JSON per delivery: measured, per-record
 * objects cost a tenth of consume CPU); each flush writes one stream entry per consumer:
 * `v`, `group`, `consumer`, `service`, `dropped`, `lines`. Decode with `decodeTelemetryEntry`.
 */
export class TelemetryWriter {
  private readonly channels = new Set<TelemetryChannel>();
  private timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;

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
    const channel = new TelemetryChannel(group, consumer, service, this.options.maxBuffered);
    this.channels.add(channel);
    return channel;
  }

  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.redis.status !== 'ready') return;
    const pipeline = this.redis.pipeline();
    const taken: { channel: TelemetryChannel; lines: string[]; dropped: number }[] = [];
    for (const channel of this.channels) {
      if (channel.lines.length === 0 && channel.dropped === 0) continue;
      const lines = channel.lines;
      const dropped = channel.dropped;
      channel.lines = [];
      channel.dropped = 0;
      taken.push({ channel, lines, dropped });
      for (let i = 0; i < Math.max(1, lines.length); i += this.options.maxPerEntry) {
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
          String(i === 0 ? dropped : 0),
          'lines',
          lines.slice(i, i + this.options.maxPerEntry).join('\n'),
        );
      }
    }
    if (taken.length === 0) return;
    this.flushing = pipeline
      .exec()
      .then(() => undefined)
      .catch((error: unknown) => {
        // put the records back (bounded) so an outage costs counted drops, not silent ones
        for (const { channel, lines, dropped } of taken) channel.restore(lines, dropped);
        this.log.debug({ err: (error as Error).message }, 'telemetry flush failed; will retry');
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }
}

const OUTCOME_CODE: Record<DeliveryOutcome, string> = {
  handled: 'h',
  failed: 'f',
  retried: 'r',
  'dead-lettered': 'd',
  'ack-refused': 'a',
};
const OUTCOME_BY_CODE = new Map(DELIVERY_OUTCOMES.map((o) => [OUTCOME_CODE[o], o]));
const UNSAFE = /[\t\n\r]/;

/** Keeps a field on its line and in its column. */
const clean = (text: string | null | undefined): string =>
  text ? (UNSAFE.test(text) ? text.replace(/[\t\n\r]+/g, ' ') : text) : '';

/** One consumer's buffer of outcome lines. */
export class TelemetryChannel {
  lines: string[] = [];
  dropped = 0;

  constructor(
    readonly group: string,
    readonly consumer: string,
    readonly service: string,
    private readonly maxBuffered: number,
  ) {}

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
    if (this.lines.length >= this.maxBuffered) {
      this.dropped += 1;
      return;
    }
    const duration = durationMs === null ? '' : String(Math.round(durationMs * 1000) / 1000);
    this.lines.push(
      `${OUTCOME_CODE[outcome]}\t${clean(topic)}\t${entryId}\t${clean(eventId)}\t${clean(type)}\t${clean(correlationId)}\t${attempt}\t${duration}\t${category ?? ''}\t${clean(error?.slice(0, 300))}\t${Date.now()}`,
    );
  }

  restore(lines: string[], dropped: number): void {
    const room = Math.max(0, this.maxBuffered - this.lines.length);
    this.lines = [...lines.slice(0, room), ...this.lines];
    this.dropped += dropped + Math.max(0, lines.length - room);
  }
}

/** Decodes one telemetry stream entry into records (an unknown format gives none). */
export function decodeTelemetryEntry(flat: readonly string[]): {
  records: DeliveryRecord[];
  dropped: number;
} {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  if (f.v !== TELEMETRY_VERSION) return { records: [], dropped: 0 };
  const records: DeliveryRecord[] = [];
  for (const line of (f.lines ?? '').split('\n')) {
    if (!line) continue;
    const [
      code,
      topic = '',
      entryId = '',
      eventId,
      type,
      correlationId,
      attempt,
      duration,
      category,
      error,
      at,
    ] = line.split('\t');
    const outcome = OUTCOME_BY_CODE.get(code ?? '');
    if (!outcome) continue;
    records.push({
      outcome,
      topic,
      group: f.group ?? '',
      consumer: f.consumer ?? '',
      service: f.service ?? '',
      entryId,
      eventId: eventId || null,
      type: type || null,
      correlationId: correlationId || null,
      attempt: Number(attempt ?? 1),
      durationMs: duration ? Number(duration) : null,
      error: error || null,
      category: (DEAD_LETTER_CATEGORIES as readonly string[]).includes(category ?? '')
        ? (category as DeadLetterCategory)
        : null,
      at: Number(at ?? 0),
    });
  }
  return { records, dropped: Number(f.dropped ?? 0) };
}
