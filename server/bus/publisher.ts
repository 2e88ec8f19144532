import type { Redis } from 'ioredis';
import type { Envelope } from '@/server/contracts/envelope';
import { encodeEnvelope, EVENT_FIELD } from './codec';
import { withDeadline } from './deadline';
import { buildEnvelope, formatSequence, type PublishInput } from './envelope';
import { BusUnavailableError, PayloadTooLargeError, unavailableOr } from './errors';
import type { Keys } from './keys';
import { composePublish, type PublishMiddleware } from './middleware';
import type { SchemaRegistry } from './schema-registry';
import { assertTopic, trimArgs, type TopicRegistry } from './topics';

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
/** Events per script call in a batch publish (measured: 100 keeps each call under ~0.3 ms in Redis). */
const APPEND_CHUNK = 100;

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
    if (this.options.middleware.length > 0) return (await this.publishBatch(topic, [input]))[0]!;
    assertTopic(topic);
    try {
      const envelope = buildEnvelope(
        this.options.source,
        this.validated(input),
        formatSequence(await this.sequences(1)),
      );
      const encoded = this.encode(envelope);
      await this.whenConnected();
      const retention = await this.topics.ensure(topic);
      this.options.onPublished?.(topic);
      // one event: a plain XADD (a one-command pipeline costs twice the CPU, measured)
      const entryId = (await this.redis.xadd(
        this.keys.stream(topic),
        ...trimArgs(retention),
        '*',
        EVENT_FIELD,
        encoded,
      )) as string;
      return { id: envelope.id, entryId, envelope };
    } catch (error) {
      throw unavailableOr(error, this.redis);
    }
  }

  /** One pipeline for the whole batch; envelopes are built and checked before anything is sent. */
  async publishBatch(topic: string, inputs: readonly PublishInput[]): Promise<Published[]> {
    if (inputs.length === 0) return [];
    assertTopic(topic);
    try {
      return await this.appendBatch(topic, inputs);
    } catch (error) {
      throw unavailableOr(error, this.redis);
    }
  }

  /**
   * Builds, schema-checks and encodes events exactly as a publish does, for writers that append them
   * their own way (aggregates: one script that also checks a version), then waits for the connection
   * like a publish. `extend` adds attributes to each envelope before it is encoded.
   */
  async prepare(
    inputs: readonly PublishInput[],
    extend?: (envelope: Envelope, index: number) => void,
  ): Promise<{ envelopes: Envelope[]; encoded: string[] }> {
    const validated = inputs.map((input) => this.validated(input));
    const first = await this.sequences(validated.length);
    const envelopes: Envelope[] = new Array(validated.length);
    const encoded: string[] = new Array(validated.length);
    for (let i = 0; i < validated.length; i++) {
      const envelope = buildEnvelope(this.options.source, validated[i]!, formatSequence(first + i));
      extend?.(envelope, i);
      envelopes[i] = envelope;
      encoded[i] = this.encode(envelope);
    }
    await this.whenConnected();
    return { envelopes, encoded };
  }

  private async appendBatch(topic: string, inputs: readonly PublishInput[]): Promise<Published[]> {
    const { envelopes, encoded } = await this.prepare(inputs);
    const retention = await this.topics.ensure(topic);
    const key = this.keys.stream(topic);
    const trim = trimArgs(retention);
    this.options.onPublished?.(topic);

    if (this.options.middleware.length > 0) {
      // middleware sees each envelope and may change it: publish one by one
      const out: Published[] = [];
      for (const envelope of envelopes) {
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

    // one script call per chunk, each written to the socket as it is made (ioredis writes in the same
    // tick, so they travel together): Redis appends the first chunk while the next is serialized.
    // Measured against an ioredis Pipeline of the same calls: 6.3 vs 7.4 us of client CPU per event,
    // 140k vs 106-126k events/s. A chunk is short (APPEND_CHUNK XADDs), so Redis stays responsive.
    const calls: Promise<string[]>[] = [];
    for (let i = 0; i < encoded.length; i += APPEND_CHUNK) {
      calls.push(this.redis.elAppend(key, ...trim, ...encoded.slice(i, i + APPEND_CHUNK)));
    }
    const results = await Promise.all(calls);
    const out: Published[] = new Array(envelopes.length);
    results.forEach((ids, chunk) => {
      ids.forEach((entryId, j) => {
        const i = chunk * APPEND_CHUNK + j;
        out[i] = { id: envelopes[i]!.id, entryId, envelope: envelopes[i]! };
      });
    });
    return out;
  }

  /** Schema-checks the data of registered types and stamps the version it was checked against. */
  private validated(input: PublishInput): PublishInput {
    const schemas = this.options.schemas;
    if (!schemas?.has(input.type)) return input;
    return { ...input, dataVersion: schemas.validateForPublish(input.type, input.data, input.dataVersion) };
  }

  /**
   * The first of `count` sequence numbers. They come in blocks from one INCRBY per source: unique
   * across processes, increasing within each. Gaps (a refused publish) are fine: the order is the point.
   */
  private async sequences(count: number): Promise<number> {
    if (this.seqEnd - this.seqNext < count) {
      await this.whenConnected();
      const block = Math.max(count, SEQUENCE_BLOCK);
      const end = await this.redis.incrby(this.keys.sequence(this.options.source), block);
      this.seqNext = end - block + 1;
      this.seqEnd = end + 1;
    }
    const first = this.seqNext;
    this.seqNext += count;
    return first;
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

  private async whenConnected(): Promise<void> {
    if (this.redis.status === 'ready') return;
    if (this.waiting >= this.options.offlineQueueMax) {
      throw new BusUnavailableError(`offline queue full (${this.options.offlineQueueMax} publishes waiting)`);
    }
    this.waiting += 1;
    const { offlineTimeoutMs } = this.options;
    try {
      await withDeadline(this.reconnected(), offlineTimeoutMs, () => {
        throw new BusUnavailableError(`not reconnected within ${offlineTimeoutMs} ms`);
      });
    } finally {
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
