import type { Redis } from 'ioredis';
import type { Envelope } from '@/server/contracts/envelope';
import { encodeEnvelope, EVENT_FIELD } from './codec';
import { buildEnvelope, formatSequence, type PublishInput } from './envelope';
import { BusUnavailableError, PayloadTooLargeError } from './errors';
import type { Keys } from './keys';
import { composePublish, type PublishMiddleware } from './middleware';
import type { SchemaRegistry } from './schema-registry';
import { trimArgs, type TopicRegistry } from './topics';

export interface PublisherOptions {
  source: string;
  /** Encoded events larger than this are refused before XADD. Default 1 MiB. */
  maxPayloadBytes: number;
  /** Publishes that may wait for Redis to come back; beyond that they fail at once. Default 1,000. */
  offlineQueueMax: number;
  /** How long a queued publish waits for Redis before failing. Default 5 s. */
  offlineTimeoutMs: number;
  schemas: SchemaRegistry | undefined;
  middleware: PublishMiddleware[];
  onPublished?: (topic: string) => void;
}

export interface Published {
  id: string;
  entryId: string;
  envelope: Envelope;
}

const SEQUENCE_BLOCK = 1_000;

/**
 * Builds, validates and appends events. While Redis is away a bounded number of publishes wait for it
 * (each at most `offlineTimeoutMs`); the rest fail fast with BusUnavailableError. Nothing is dropped
 * silently: every publish resolves with its entry id or rejects.
 */
export class Publisher {
  private waiting = 0;
  private seqNext = 0;
  private seqEnd = 0;
  private readyWaiter: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly topics: TopicRegistry,
    private readonly options: PublisherOptions,
  ) {}

  async publish(topic: string, input: PublishInput): Promise<Published> {
    const [published] = await this.publishBatch(topic, [input]);
    return published!;
  }

  /** One pipeline for the whole batch; envelopes are built and checked before anything is sent. */
  async publishBatch(topic: string, inputs: readonly PublishInput[]): Promise<Published[]> {
    if (inputs.length === 0) return [];
    const envelopes = inputs.map((input) => this.prepare(input));
    const encoded = envelopes.map((envelope) => this.encode(envelope));
    await this.whenConnected();
    const retention = await this.topics.ensure(topic);
    const firstSequence = await this.reserveSequence(envelopes.length);
    const key = this.keys.stream(topic);
    const trim = trimArgs(retention);
    this.options.onPublished?.(topic);

    if (this.options.middleware.length > 0) {
      // middleware sees each envelope (with its sequence) and may change it: publish one by one
      const out: Published[] = [];
      for (let i = 0; i < envelopes.length; i++) {
        const envelope = { ...envelopes[i]!, sequence: formatSequence(firstSequence + i) };
        let final: Envelope = envelope;
        const entryId = await composePublish(
          this.options.middleware,
          async (e) => {
            final = e;
            return (await this.redis.xadd(key, ...trim, '*', EVENT_FIELD, this.encode(e))) as string;
          },
          topic,
        )(envelope);
        out.push({ id: final.id, entryId, envelope: final });
      }
      return out;
    }

    const pipeline = this.redis.pipeline();
    for (let i = 0; i < envelopes.length; i++) {
      const sequence = formatSequence(firstSequence + i);
      envelopes[i]!.sequence = sequence;
      // splice the sequence into the already-encoded JSON instead of encoding twice
      const json = `${encoded[i]!.slice(0, -1)},"sequence":"${sequence}"}`;
      pipeline.xadd(key, ...trim, '*', EVENT_FIELD, json);
    }
    const results = await pipeline.exec();
    if (!results) throw new BusUnavailableError('pipeline was discarded');
    return results.map(([error, entryId], i) => {
      if (error) throw error;
      return { id: envelopes[i]!.id, entryId: entryId as string, envelope: envelopes[i]! };
    });
  }

  private prepare(input: PublishInput): Envelope {
    const schemas = this.options.schemas;
    if (schemas?.has(input.type)) {
      const version = schemas.validateForPublish(input.type, input.data, input.dataVersion);
      return buildEnvelope(this.options.source, { ...input, dataVersion: version }, undefined);
    }
    return buildEnvelope(this.options.source, input, undefined);
  }

  private encode(envelope: Envelope): string {
    const json = encodeEnvelope(envelope);
    const limit = this.options.maxPayloadBytes;
    // a UTF-8 character is at most 3 bytes per UTF-16 unit: skip the byte count when clearly under
    if (json.length * 3 > limit) {
      const bytes = Buffer.byteLength(json);
      if (bytes > limit) throw new PayloadTooLargeError(bytes, limit);
    }
    return json;
  }

  /** Sequence numbers come in blocks from one INCRBY per source: unique across processes, increasing in each. */
  private async reserveSequence(count: number): Promise<number> {
    if (this.seqEnd - this.seqNext < count) {
      const block = Math.max(count, SEQUENCE_BLOCK);
      const end = await this.redis.incrby(this.keys.sequence(this.options.source), block);
      this.seqNext = end - block + 1;
      this.seqEnd = end + 1;
    }
    const first = this.seqNext;
    this.seqNext += count;
    return first;
  }

  private async whenConnected(): Promise<void> {
    if (this.redis.status === 'ready') return;
    if (this.waiting >= this.options.offlineQueueMax) {
      throw new BusUnavailableError(`offline queue full (${this.options.offlineQueueMax} publishes waiting)`);
    }
    this.waiting += 1;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.reconnected(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(new BusUnavailableError(`not reconnected within ${this.options.offlineTimeoutMs} ms`)),
            this.options.offlineTimeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.waiting -= 1;
    }
  }

  /** One 'ready' listener shared by every waiting publish. */
  private reconnected(): Promise<void> {
    this.readyWaiter ??= new Promise<void>((resolve) =>
      this.redis.once('ready', () => {
        this.readyWaiter = null;
        resolve();
      }),
    );
    return this.readyWaiter;
  }
}
