import type { Redis } from 'ioredis';
import type { Envelope } from '@/server/contracts/envelope';
import { Aggregates } from './aggregates/aggregates';
import { DeadLetters } from './dead-letters';
import type { PublishInput } from './envelope';
import { idempotent, type IdempotencyOptions } from './idempotency';
import { createKeys, type Keys } from './keys';
import type { ConsumeMiddleware, PublishMiddleware } from './middleware';
import { Presence } from './presence';
import { Projections } from './projections/projections';
import { Publisher, type Published } from './publisher';
import { Requester, sendReply } from './request-reply';
import type { SagaOptions } from './saga/options';
import { Sagas } from './saga/sagas';
import type { SchemaRegistry } from './schema-registry';
import { registerScripts } from './scripts';
import { Streams } from './streams/streams';
import { Subscription } from './subscription';
import { DEFAULT_TELEMETRY, TelemetryWriter, type TelemetryOptions } from './telemetry';
import { TopicRegistry, type Retention } from './topics';
import { silentLogger, type BusLogger, type Handler, type StopOptions, type SubscribeOptions } from './types';

export interface BusOptions {
  /** A connection from `createRedis()`; the bus duplicates it for blocking reads and never closes it. */
  redis: Redis;
  /** The service using the bus: shown in the dashboard's flow graph. */
  service: string;
  /** CloudEvents `source` of published events. Default `/services/<service>`. */
  source?: string;
  /** Key prefix. Default `el`. */
  prefix?: string;
  /** Default 1 MiB. */
  maxPayloadBytes?: number;
  /** Publishes that may wait for a reconnect before failing fast. Default 1,000. */
  offlineQueueMax?: number;
  /** Default 5 s. */
  offlineTimeoutMs?: number;
  schemas?: SchemaRegistry;
  /** Delivery outcomes for the dashboard; false turns them off. */
  telemetry?: Partial<TelemetryOptions> | false;
  logger?: BusLogger;
  /** Saga orchestration: leases, polling, retention of ended instances. */
  sagas?: Partial<SagaOptions>;
}

export interface RequestOptions {
  /** Default 5 s. */
  timeoutMs?: number;
}

export interface HandleOptions extends SubscribeOptions {
  /** Consumer group of the handlers. Default `<topic>.handlers`. */
  group?: string;
}

/** The SDK's entry point. See server/bus/README.md. */
export class Bus {
  readonly keys: Keys;
  readonly topics: TopicRegistry;
  readonly deadLetters: DeadLetters;
  /** Saga orchestration: `register`, `start`, `get`, operator actions. See README (Sagas). */
  readonly sagas: Sagas;
  /** Stream processing: `from(topics, { name }).filter().map().to()`, windows, rules. See README. */
  readonly streams: Streams;
  /** Read-model projections: `register`, `read`, `status`, `pause`, `resume`, `rebuild`. See README (Projections). */
  readonly projections: Projections;
  /** Event-sourced aggregates and their command bus: `define`, `dispatch`. See README (Aggregates). */
  readonly aggregates: Aggregates;
  readonly service: string;
  readonly source: string;
  private readonly redis: Redis;
  private readonly publisher: Publisher;
  private readonly presence: Presence;
  private readonly telemetry: TelemetryWriter | null;
  private readonly requester: Requester;
  private readonly subscriptions = new Set<Subscription>();
  private readonly publishMiddleware: PublishMiddleware[] = [];
  private readonly consumeMiddleware: ConsumeMiddleware[] = [];
  private readonly log: BusLogger;
  private readonly schemas: SchemaRegistry | undefined;

  constructor(options: BusOptions) {
    this.redis = registerScripts(options.redis);
    this.keys = createKeys(options.prefix ?? 'el');
    this.service = options.service;
    this.source = options.source ?? `/services/${options.service}`;
    this.log = options.logger ?? silentLogger;
    this.schemas = options.schemas;
    this.topics = new TopicRegistry(this.redis, this.keys);
    this.deadLetters = new DeadLetters(this.redis, this.keys);
    this.presence = new Presence(this.redis, this.keys, this.service, this.source, this.log);
    this.telemetry =
      options.telemetry === false
        ? null
        : new TelemetryWriter(
            this.redis,
            this.keys,
            { ...DEFAULT_TELEMETRY, ...options.telemetry },
            this.log,
          );
    this.publisher = new Publisher(this.redis, this.keys, this.topics, {
      source: this.source,
      maxPayloadBytes: options.maxPayloadBytes ?? 1_048_576,
      offlineQueueMax: options.offlineQueueMax ?? 1_000,
      offlineTimeoutMs: options.offlineTimeoutMs ?? 5_000,
      schemas: options.schemas,
      middleware: this.publishMiddleware,
      onPublished: (topic) => this.presence.notePublish(topic),
    });
    this.requester = new Requester(this.redis, this.keys, this.log);
    this.sagas = new Sagas(
      {
        redis: this.redis,
        keys: this.keys,
        topics: this.topics,
        service: this.service,
        source: this.source,
        log: this.log,
        subscribe: (group, topic, handler, subscribeOptions) =>
          this.subscribe(group, topic, handler, subscribeOptions),
        onPublished: (topic) => this.presence.notePublish(topic),
      },
      options.sagas,
    );
    this.streams = new Streams({
      redis: this.redis,
      service: this.service,
      keys: this.keys,
      log: this.log,
      subscribe: (group, topics, handler, subscribeOptions) =>
        this.subscribe(group, topics, handler, subscribeOptions),
      publishBatch: (topic, inputs) => this.publishBatch(topic, inputs),
    });
    this.projections = new Projections({
      redis: this.redis,
      keys: this.keys,
      schemas: this.schemas,
      log: this.log,
      service: this.service,
    });
    this.aggregates = new Aggregates({
      redis: this.redis,
      keys: this.keys,
      topics: this.topics,
      publisher: this.publisher,
      schemas: this.schemas,
      service: this.service,
      log: this.log,
      onPublished: (topic) => this.presence.notePublish(topic),
      // inspection requests are rare and small: one at a time per type, no retries (the asker has moved on)
      handle: (topic, respond, handleOptions) =>
        this.handle(topic, respond, {
          ...handleOptions,
          concurrency: 2,
          retry: { maxAttempts: 1 },
          breaker: false,
        }),
    });
  }

  /** Adds middleware to every later publish and every delivery of every subscription. */
  use(middleware: { publish?: PublishMiddleware; consume?: ConsumeMiddleware }): this {
    if (middleware.publish) this.publishMiddleware.push(middleware.publish);
    if (middleware.consume) this.consumeMiddleware.push(middleware.consume);
    return this;
  }

  defineTopic(topic: string, retention: Retention): Promise<void> {
    return this.topics.define(topic, retention);
  }

  publish<T>(topic: string, input: PublishInput<T>): Promise<Published> {
    return this.publisher.publish(topic, input);
  }

  /** One pipeline for the batch. */
  publishBatch(topic: string, inputs: readonly PublishInput[]): Promise<Published[]> {
    return this.publisher.publishBatch(topic, inputs);
  }

  subscribe<T = unknown>(
    group: string,
    topics: string | readonly string[],
    handler: Handler<T>,
    options?: SubscribeOptions,
  ): Subscription {
    const subscription = new Subscription(
      {
        redis: this.redis,
        keys: this.keys,
        topics: this.topics,
        presence: this.presence,
        telemetry: this.telemetry,
        schemas: this.schemas,
        middleware: this.consumeMiddleware,
        log: this.log,
        service: this.service,
      },
      group,
      typeof topics === 'string' ? [topics] : topics,
      handler as Handler,
      options,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Consume middleware: handle each event (by source + id) once per group within `ttlMs`. */
  idempotent(options?: IdempotencyOptions): ConsumeMiddleware {
    return idempotent(this.redis, this.keys, options);
  }

  /** Publishes a request and waits for its correlated reply; RequestTimeoutError after `timeoutMs`. */
  async request<T>(topic: string, input: PublishInput<T>, options: RequestOptions = {}): Promise<Envelope> {
    const timeoutMs = options.timeoutMs ?? 5_000;
    const id = input.id ?? crypto.randomUUID();
    const reply = this.requester.expect(id, topic, timeoutMs);
    try {
      await this.publisher.publish(topic, { ...input, id, replyTo: this.requester.inbox });
    } catch (error) {
      this.requester.cancel(id);
      throw error;
    }
    return reply;
  }

  /** Answers requests on `topic`: the function's result is the reply's data; a throw replies `<type>.error`. */
  handle<T, R>(
    topic: string,
    respond: (request: Envelope & { data: T }) => Promise<R> | R,
    options: HandleOptions = {},
  ): Subscription {
    return this.subscribe<T>(
      options.group ?? `${topic}.handlers`,
      topic,
      async (request) => {
        let reply: PublishInput | { error: Error };
        try {
          reply = { type: `${request.type}.reply`, data: await respond(request) };
        } catch (error) {
          reply = { error: error instanceof Error ? error : new Error(String(error)) };
        }
        await sendReply(this.redis, this.source, request, reply);
      },
      options,
    );
  }

  /** Stops every subscription (graceful), flushes telemetry, stops heartbeats. Leaves the connection open. */
  async close(options?: StopOptions): Promise<void> {
    // runs finish their current step and release their instances before the reply consumers stop
    await this.sagas.close(options?.timeoutMs);
    // projections read streams on their own (no subscription): they commit their batch and stop
    await this.projections.close();
    await Promise.all([...this.subscriptions].map((s) => s.stop(options)));
    this.subscriptions.clear();
    await this.requester.close();
    await this.telemetry?.close();
    await this.aggregates.close();
    await this.presence.close();
  }
}

export function createBus(options: BusOptions): Bus {
  return new Bus(options);
}
