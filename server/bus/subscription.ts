import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { DELIVERY_OUTCOMES, type DeliveryOutcome } from '@/server/contracts/envelope';
import { AckBatcher } from './ack-batcher';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerState } from './circuit-breaker';
import { ackSettled } from './delivery';
import type { DeliveryDeps, DeliveryNote } from './delivery-types';
import type { HandlerContext } from './handler-context';
import type { Keys } from './keys';
import type { ConsumeMiddleware } from './middleware';
import type { Presence } from './presence';
import { GroupReader } from './group-reader';
import { lanesOf, laneStream } from './lanes';
import { Reclaimer } from './reclaimer';
import { DeliveryScheduler } from './scheduler';
import { untilAborted } from './deadline';
import { DEFAULT_RETRY, loopBackoff } from './retry';
import type { SchemaRegistry } from './schema-registry';
import type { TelemetryWriter } from './telemetry';
import { sleep } from './sleep';
import { isPattern, type TopicRegistry } from './topics';
import type { BusLogger, Handler, StopOptions, SubscribeOptions } from './types';
import { Watchdog } from './watchdog';

export interface SubscriptionDeps {
  redis: Redis;
  keys: Keys;
  topics: TopicRegistry;
  presence: Presence;
  telemetry: TelemetryWriter | null;
  schemas: SchemaRegistry | undefined;
  middleware: readonly ConsumeMiddleware[];
  log: BusLogger;
  service: string;
}

/**
 * A consumer in a consumer group over one or more topics (names or `*` patterns). Reads its own
 * pending entries first, then new ones; bounded by `concurrency`; acks after the handler through an
 * owner-checked script; retries with backoff; dead-letters atomically; reclaims entries of dead
 * consumers and keeps its own alive. It never dies on an error: it logs, backs off and tries again.
 */
export class Subscription {
  readonly consumer: string;
  readonly stats: Record<DeliveryOutcome | 'reclaimed', number> = {
    ...(Object.fromEntries(DELIVERY_OUTCOMES.map((o) => [o, 0])) as Record<DeliveryOutcome, number>),
    reclaimed: 0,
  };
  /** Resolves once the group exists on every topic and the first read can start. */
  readonly ready: Promise<void>;
  lastError: string | null = null;

  private readonly reader: Redis;
  private readonly options: Required<Omit<SubscribeOptions, 'retry' | 'breaker' | 'consumer' | 'idempotent'>>;
  private readonly stop$ = new AbortController();
  private readonly breaker: CircuitBreaker | null;
  private readonly acker: AckBatcher<DeliveryNote | null>;
  private readonly scheduler: DeliveryScheduler;
  private readonly reclaimer: Reclaimer;
  private readonly running = new Set<HandlerContext>();
  private readonly watchdog: Watchdog;
  private topicList: string[] = [];
  private readonly groupReader: GroupReader;
  private initialized = false;
  private lastTopicRefresh = 0;
  private loopDone: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly deps: SubscriptionDeps,
    readonly group: string,
    private readonly patterns: readonly string[],
    handler: Handler,
    options: SubscribeOptions = {},
  ) {
    this.consumer =
      options.consumer ?? `${deps.service}-${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
    this.options = {
      concurrency: options.concurrency ?? 32,
      orderBySubject: options.orderBySubject ?? false,
      handlerTimeoutMs: options.handlerTimeoutMs ?? 30_000,
      from: options.from ?? 'new',
      claimIdleMs: options.claimIdleMs ?? 30_000,
      batchSize: options.batchSize ?? 100,
      blockMs: options.blockMs ?? 1_000,
      topicRefreshMs: options.topicRefreshMs ?? 1_000,
    };
    // commands here wait across reconnects: a consumer started while Redis is down becomes ready when it appears
    this.reader = deps.redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      connectionName: `eventlens:consumer:${this.consumer}`,
    });
    this.reader.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    this.breaker =
      options.breaker === false
        ? null
        : new CircuitBreaker({ ...DEFAULT_BREAKER, ...options.breaker }, Date.now, (state) =>
            deps.log.warn({ group, consumer: this.consumer, state }, 'circuit breaker changed state'),
          );
    const telemetry = deps.telemetry?.channel(group, this.consumer, deps.service) ?? null;
    this.acker = new AckBatcher(
      deps.redis,
      deps.keys,
      group,
      this.consumer,
      () => this.scheduler.owned.size + 10_000,
      ackSettled({ stats: this.stats, telemetry, log: deps.log }),
    );
    this.watchdog = new Watchdog(this.options.handlerTimeoutMs);
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    const delivery: DeliveryDeps = {
      redis: deps.redis,
      keys: deps.keys,
      group,
      consumer: this.consumer,
      handler,
      middleware: deps.middleware,
      schemas: deps.schemas,
      retry,
      watchdog: this.watchdog,
      breaker: this.breaker,
      acker: this.acker,
      telemetry,
      log: deps.log,
      stopSignal: this.stop$.signal,
      stats: this.stats,
      running: this.running,
    };
    this.scheduler = new DeliveryScheduler({
      delivery,
      concurrency: this.options.concurrency,
      orderBySubject: this.options.orderBySubject,
      stopSignal: this.stop$.signal,
    });
    this.groupReader = new GroupReader({
      reader: this.reader,
      keys: deps.keys,
      group,
      consumer: this.consumer,
      batchSize: this.options.batchSize,
      blockMs: this.options.blockMs,
      allowance: (wanted, dispatching) =>
        this.stop$.signal.aborted ? 0 : this.allowance(wanted, dispatching),
      reserve: (slots) => this.scheduler.reserve(slots),
    });
    this.reclaimer = new Reclaimer({
      reader: this.reader,
      redis: deps.redis,
      keys: deps.keys,
      group,
      consumer: this.consumer,
      claimIdleMs: this.options.claimIdleMs,
      maxAttempts: retry.maxAttempts,
      log: deps.log,
      owned: () => this.scheduler.owned.values(),
    });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    deps.presence.addConsumer(group, this.consumer, () => ({
      service: deps.service,
      group,
      consumer: this.consumer,
      topics: this.topicList,
      state: this.state,
      inFlight: this.scheduler.owned.size,
      idempotent: options.idempotent ?? false,
    }));
    this.loopDone = this.loop();
  }

  get topics(): readonly string[] {
    return this.topicList;
  }

  get state(): 'starting' | 'running' | 'stopping' | BreakerState {
    if (this.stop$.signal.aborted) return 'stopping';
    if (!this.initialized) return 'starting';
    const breaker = this.breaker?.state ?? 'closed';
    return breaker === 'closed' ? 'running' : breaker;
  }

  /** Stops reading, lets in-flight handlers finish (up to `timeoutMs`), flushes acks, releases the rest. */
  async stop(options: StopOptions = {}): Promise<void> {
    if (this.stop$.signal.aborted) return this.loopDone;
    const reason = new Error('subscription stopped');
    this.stop$.abort(reason);
    for (const handler of this.running) handler.abort(reason);
    this.scheduler.stop();
    this.reader.disconnect();
    await this.loopDone;
    await this.scheduler.drain(options.timeoutMs ?? 10_000);
    this.watchdog.stop();
    await this.acker.flush().catch(() => undefined);
    await this.deps.presence.removeConsumer(this.group, this.consumer);
    await this.leaveGroupsIfIdle();
  }

  private async loop(): Promise<void> {
    const stopped = this.stop$.signal;
    const backoff = loopBackoff(100, 5_000);
    while (!stopped.aborted) {
      try {
        // a command queued while Redis is away never settles once stop() closes the reader: stop waiting
        if (await untilAborted(this.round(), stopped, () => false)) {
          backoff.reset();
          this.lastError = null;
        }
      } catch (error) {
        if (stopped.aborted) break;
        const message = (error as Error).message;
        this.lastError = message;
        if (/NOGROUP/.test(message)) this.initialized = false;
        const retryInMs = backoff.next();
        this.deps.log.warn(
          { group: this.group, consumer: this.consumer, err: message, retryInMs },
          'consumer loop error',
        );
        await sleep(retryInMs, stopped);
      }
    }
  }

  /** Upkeep, reclaimed entries, then a read within the allowance. False when it only waited for a slot. */
  private async round(): Promise<boolean> {
    if (!this.initialized) await this.init();
    await this.refreshTopics();
    for (const delivery of await this.reclaimer.maybeRun(this.topicList)) {
      this.stats.reclaimed += 1;
      this.scheduler.dispatch(delivery);
    }
    const allowance = this.groupReader.aheadCount ?? this.allowance(this.options.batchSize);
    if (allowance <= 0) {
      await this.scheduler.waitForSlot(
        this.breaker?.state === 'open' ? this.breaker.msUntilTrial() : this.options.blockMs,
      );
      return false;
    }
    await this.readNew(allowance);
    return true;
  }

  private async init(): Promise<void> {
    this.topicList = await this.deps.topics.resolve(this.patterns);
    for (const topic of this.topicList)
      await this.createGroup(topic, this.options.from === 'start' ? '0' : '$');
    await this.readOwnPending();
    this.initialized = true;
    this.lastTopicRefresh = Date.now();
    this.markReady();
    void this.deps.presence.beat(); // the first beat went out before the topics were known
  }

  /**
   * The group on the topic's stream (from `from`) and on its own redelivery stream of the topic, from
   * the start: everything there was replayed for this group, also while none of its consumers ran.
   */
  private async createGroup(topic: string, from: string): Promise<void> {
    await this.createGroupOn(this.deps.keys.stream(topic), from);
    await this.createGroupOn(this.deps.keys.redelivery(topic, this.group), '0');
  }

  private async createGroupOn(stream: string, from: string): Promise<void> {
    try {
      await this.reader.xgroup('CREATE', stream, this.group, from, 'MKSTREAM');
    } catch (error) {
      if (!/BUSYGROUP/.test((error as Error).message)) throw error;
    }
  }

  /** Wildcard subscriptions pick up topics registered while they run, from their first entry. */
  private async refreshTopics(): Promise<void> {
    if (!this.patterns.some(isPattern) || Date.now() - this.lastTopicRefresh < this.options.topicRefreshMs)
      return;
    this.lastTopicRefresh = Date.now();
    const current = await this.deps.topics.resolve(this.patterns);
    const added = current.filter((t) => !this.topicList.includes(t));
    for (const topic of added) await this.createGroup(topic, '0');
    if (added.length > 0) {
      this.topicList = current;
      this.deps.log.info({ group: this.group, added }, 'subscribed to new topics');
    }
  }

  /** After a restart under the same consumer name, entries it read but never acked come first. */
  private async readOwnPending(): Promise<void> {
    for (const lane of lanesOf(this.topicList)) {
      for await (const entries of this.groupReader.ownPending(lane)) {
        const attempts = await this.reclaimer.attemptsOf(
          lane,
          entries.map(([id]) => id),
        );
        for (const [id, flat] of entries)
          this.scheduler.dispatch({ ...lane, entryId: id, flat, attempt: attempts.get(id) ?? 1 });
      }
    }
  }

  /**
   * How many entries may be read now: free slots, less those promised to a read in flight and to
   * `dispatching` entries about to start, as far as the breaker allows.
   */
  private allowance(wanted: number, dispatching = 0): number {
    const free = Math.min(wanted, this.scheduler.free(dispatching));
    return this.breaker ? this.breaker.allowance(free) : free;
  }

  private async readNew(count: number): Promise<void> {
    if (this.topicList.length === 0) {
      await sleep(this.options.topicRefreshMs, this.stop$.signal);
      return;
    }
    for (const delivery of await this.groupReader.readNew(this.topicList, count))
      this.scheduler.dispatch(delivery);
  }

  /** A consumer that stops with nothing pending leaves its groups, so XINFO shows only live consumers. */
  private async leaveGroupsIfIdle(): Promise<void> {
    if (this.deps.redis.status !== 'ready') return;
    for (const lane of lanesOf(this.topicList)) {
      const stream = laneStream(this.deps.keys, this.group, lane);
      try {
        const pending = (await this.deps.redis.xpending(
          stream,
          this.group,
          '-',
          '+',
          1,
          this.consumer,
        )) as unknown[];
        if (pending.length === 0)
          await this.deps.redis.xgroup('DELCONSUMER', stream, this.group, this.consumer);
      } catch {
        // the stream or group is gone: nothing to leave
      }
    }
  }
}
