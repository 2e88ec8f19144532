import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { DELIVERY_OUTCOMES, type DeliveryOutcome } from '@/server/contracts/envelope';
import { AckBatcher } from './ack-batcher';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerState } from './circuit-breaker';
import {
  ackSettled,
  runDelivery,
  type Delivery,
  type DeliveryDeps,
  type DeliveryNote,
  type HandlerContext,
  type RetryDecision,
} from './delivery';
import type { Keys } from './keys';
import type { ConsumeMiddleware } from './middleware';
import type { Presence } from './presence';
import { Reclaimer } from './reclaimer';
import { DEFAULT_RETRY } from './retry';
import type { SchemaRegistry } from './schema-registry';
import type { TelemetryWriter } from './telemetry';
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

type EntryReply = [string, [string, string[] | null][]][] | null;

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
  private readonly options: Required<Omit<SubscribeOptions, 'retry' | 'breaker' | 'consumer'>>;
  private readonly stop$ = new AbortController();
  private readonly breaker: CircuitBreaker | null;
  private readonly acker: AckBatcher<DeliveryNote | null>;
  private readonly deliveryDeps: DeliveryDeps;
  private readonly reclaimer: Reclaimer;
  private readonly owned = new Map<string, Delivery>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** Retries whose backoff elapsed while every slot was busy; they go before new reads. */
  private readonly dueRetries: { delivery: Delivery; ownedKey: string }[] = [];
  private readonly running = new Set<HandlerContext>();
  private readonly watchdog: Watchdog;
  private readonly inFlight = new Set<Promise<unknown>>();
  private topicList: string[] = [];
  private active = 0;
  /** Slots promised to the read-ahead in flight. */
  private reserved = 0;
  private readAhead: { reply: Promise<EntryReply>; count: number } | null = null;
  private slotFreed: (() => void) | null = null;
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
      () => this.owned.size + 10_000,
      ackSettled({ stats: this.stats, telemetry, log: deps.log }),
    );
    this.watchdog = new Watchdog(this.options.handlerTimeoutMs);
    this.deliveryDeps = {
      redis: deps.redis,
      keys: deps.keys,
      group,
      consumer: this.consumer,
      handler,
      middleware: deps.middleware,
      schemas: deps.schemas,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      watchdog: this.watchdog,
      breaker: this.breaker,
      acker: this.acker,
      telemetry,
      log: deps.log,
      stopSignal: this.stop$.signal,
      stats: this.stats,
      running: this.running,
    };
    this.reclaimer = new Reclaimer({
      reader: this.reader,
      redis: deps.redis,
      keys: deps.keys,
      group,
      consumer: this.consumer,
      claimIdleMs: this.options.claimIdleMs,
      maxAttempts: this.deliveryDeps.retry.maxAttempts,
      log: deps.log,
      owned: () => this.owned.values(),
    });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    deps.presence.addConsumer(group, this.consumer, () => ({
      service: deps.service,
      group,
      consumer: this.consumer,
      topics: this.topicList,
      state: this.state,
      inFlight: this.owned.size,
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
    this.slotFreed?.();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.reader.disconnect();
    await this.loopDone;
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => (deadline = setTimeout(resolve, options.timeoutMs ?? 10_000))),
    ]);
    clearTimeout(deadline);
    this.watchdog.stop();
    await this.acker.flush().catch(() => undefined);
    await this.deps.presence.removeConsumer(this.group, this.consumer);
    await this.leaveGroupsIfIdle();
  }

  private async loop(): Promise<void> {
    let backoff = 100;
    while (!this.stop$.signal.aborted) {
      try {
        if (!this.initialized) await this.init();
        await this.refreshTopics();
        for (const delivery of await this.reclaimer.maybeRun(this.topicList)) {
          this.stats.reclaimed += 1;
          this.dispatch(delivery);
        }
        const allowance = this.readAhead?.count ?? this.allowance(this.options.batchSize);
        if (allowance <= 0) {
          await this.waitForSlot(
            this.breaker?.state === 'open' ? this.breaker.msUntilTrial() : this.options.blockMs,
          );
          continue;
        }
        await this.readNew(allowance);
        backoff = 100;
        this.lastError = null;
      } catch (error) {
        if (this.stop$.signal.aborted) break;
        const message = (error as Error).message;
        this.lastError = message;
        if (/NOGROUP/.test(message)) this.initialized = false;
        this.deps.log.warn(
          { group: this.group, consumer: this.consumer, err: message, retryInMs: backoff },
          'consumer loop error',
        );
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private async init(): Promise<void> {
    this.topicList = await this.deps.topics.resolve(this.patterns);
    for (const topic of this.topicList)
      await this.createGroup(topic, this.options.from === 'start' ? '0' : '$');
    await this.readOwnPending();
    this.initialized = true;
    this.lastTopicRefresh = Date.now();
    this.markReady();
  }

  private async createGroup(topic: string, from: string): Promise<void> {
    try {
      await this.reader.xgroup('CREATE', this.deps.keys.stream(topic), this.group, from, 'MKSTREAM');
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
    for (const topic of this.topicList) {
      let cursor = '0';
      for (;;) {
        const reply = (await this.reader.xreadgroup(
          'GROUP',
          this.group,
          this.consumer,
          'COUNT',
          100,
          'STREAMS',
          this.deps.keys.stream(topic),
          cursor,
        )) as EntryReply;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) break;
        const attempts = await this.reclaimer.attemptsOf(
          topic,
          entries.map(([id]) => id),
        );
        for (const [id, flat] of entries)
          this.dispatch({ topic, entryId: id, flat, attempt: attempts.get(id) ?? 1 });
        cursor = entries[entries.length - 1]![0];
      }
    }
  }

  /**
   * How many entries may be read now: free slots, less those promised to a read in flight and to
   * `dispatching` entries about to start, as far as the breaker allows.
   */
  private allowance(wanted: number, dispatching = 0): number {
    const free = Math.min(wanted, this.options.concurrency - this.active - this.reserved - dispatching);
    return this.breaker ? this.breaker.allowance(free) : free;
  }

  private async readNew(count: number): Promise<void> {
    if (this.topicList.length === 0) {
      await this.sleep(this.options.topicRefreshMs);
      return;
    }
    const ahead = this.readAhead;
    this.readAhead = null;
    let reply: EntryReply;
    try {
      reply = ahead ? await ahead.reply : await this.read(count, this.options.blockMs);
    } finally {
      this.reserved = 0;
    }
    let got = 0;
    for (const [, entries] of reply ?? []) got += entries.length;
    if (got === count) this.readAheadOf(got);
    if (!reply) return;
    for (const [key, entries] of reply) {
      const topic = this.deps.keys.topicOf(key);
      if (!topic) continue;
      for (const [entryId, flat] of entries) this.dispatch({ topic, entryId, flat, attempt: 1 });
    }
  }

  /**
   * A full read means more is waiting: ask for the next batch before dispatching this one, so that
   * Redis prepares it while the handlers run (measured: +10 % consume throughput with no-op
   * handlers). Only within `concurrency`, counting the batch about to be dispatched, and without
   * BLOCK, so that the reclaimer's commands on this connection never queue behind it.
   */
  private readAheadOf(dispatching: number): void {
    const count = this.allowance(this.options.batchSize, dispatching);
    if (count <= 0 || this.stop$.signal.aborted) return;
    const reply = this.read(count, null);
    reply.catch(() => undefined); // awaited (and its error handled) by the next turn of the loop
    this.readAhead = { reply, count };
    this.reserved = count;
  }

  private read(count: number, blockMs: number | null): Promise<EntryReply> {
    const keys = this.topicList.map((t) => this.deps.keys.stream(t));
    const ids = keys.map(() => '>');
    const reply =
      blockMs === null
        ? this.reader.xreadgroup(
            'GROUP',
            this.group,
            this.consumer,
            'COUNT',
            count,
            'STREAMS',
            ...keys,
            ...ids,
          )
        : this.reader.xreadgroup(
            'GROUP',
            this.group,
            this.consumer,
            'COUNT',
            count,
            'BLOCK',
            blockMs,
            'STREAMS',
            ...keys,
            ...ids,
          );
    return reply as Promise<EntryReply>;
  }

  private dispatch(delivery: Delivery): void {
    this.active += 1;
    const subject = this.options.orderBySubject ? subjectOf(delivery) : null;
    if (subject !== null) {
      const ownedKey = ownedKeyOf(delivery);
      this.owned.set(ownedKey, delivery);
      this.track(this.runInOrder(subject, delivery, ownedKey));
      return;
    }
    const work = this.runUnordered(delivery, null);
    if (work) this.track(work);
  }

  /**
   * Synchronous when the handler is: no promise and no bookkeeping for the common case. An entry is
   * registered in `owned` (for heartbeats and stop) only once it outlives the current tick.
   */
  private runUnordered(delivery: Delivery, ownedKey: string | null): Promise<void> | undefined {
    const decision = runDelivery(this.deliveryDeps, delivery);
    if (decision instanceof Promise) {
      const key = ownedKey ?? ownedKeyOf(delivery);
      if (ownedKey === null) this.owned.set(key, delivery);
      return decision.then((settled) => this.settle(settled, key));
    }
    if (decision === null && ownedKey === null) {
      this.release();
      return undefined;
    }
    this.settle(decision, ownedKey ?? ownedKeyOf(delivery));
    return undefined;
  }

  private settle(decision: RetryDecision, ownedKey: string): void {
    if (!decision) {
      this.owned.delete(ownedKey);
      this.release();
      return;
    }
    this.owned.set(ownedKey, decision.next);
    this.release();
    // the entry stays pending (and heartbeated) while it waits; it holds no concurrency slot
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.dueRetries.push({ delivery: decision.next, ownedKey });
      this.drainDueRetries();
    }, decision.retryInMs);
    this.retryTimers.add(timer);
  }

  /** Starts due retries while slots are free; the rest wait for `release`. */
  private drainDueRetries(): void {
    while (
      this.dueRetries.length > 0 &&
      this.active + this.reserved < this.options.concurrency &&
      !this.stop$.signal.aborted
    ) {
      const { delivery, ownedKey } = this.dueRetries.shift()!;
      this.active += 1;
      const work = this.runUnordered(delivery, ownedKey);
      if (work) this.track(work);
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Same subject, one at a time, retries included, so that order holds even across failures. */
  private runInOrder(subject: string, delivery: Delivery, ownedKey: string): Promise<void> {
    const previous = this.chains.get(subject) ?? Promise.resolve();
    const run = previous.then(async () => {
      let current: Delivery | null = delivery;
      while (current && !this.stop$.signal.aborted) {
        const decision = await runDelivery(this.deliveryDeps, current);
        current = decision ? decision.next : null;
        if (decision) await this.sleep(decision.retryInMs);
      }
      this.owned.delete(ownedKey);
      this.release();
    });
    this.chains.set(subject, run);
    void run.finally(() => {
      if (this.chains.get(subject) === run) this.chains.delete(subject);
    });
    return run;
  }

  private release(): void {
    this.active -= 1;
    if (this.dueRetries.length > 0) this.drainDueRetries();
    this.slotFreed?.();
  }

  private waitForSlot(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(10, maxMs));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.slotFreed = () => {
        this.slotFreed = null;
        done();
      };
    });
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.stop$.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** A consumer that stops with nothing pending leaves its groups, so XINFO shows only live consumers. */
  private async leaveGroupsIfIdle(): Promise<void> {
    if (this.deps.redis.status !== 'ready') return;
    for (const topic of this.topicList) {
      const stream = this.deps.keys.stream(topic);
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

const ownedKeyOf = (delivery: Delivery): string => `${delivery.topic}\u0000${delivery.entryId}`;

function subjectOf(delivery: Delivery): string | null {
  if (!delivery.flat) return null;
  const i = delivery.flat.indexOf('event');
  const json = i >= 0 ? delivery.flat[i + 1] : undefined;
  if (!json) return null;
  // cheap peek: the full decode happens in runDelivery
  const match = /"subject":"((?:[^"\\]|\\.)*)"/.exec(json);
  return match?.[1] ?? null;
}
