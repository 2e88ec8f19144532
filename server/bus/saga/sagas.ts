import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { currentEvent } from '../context';
import { childTraceparent } from '../envelope';
import { BusError, isConnectionError } from '../errors';
import { uuidv7 } from '../ids';
import type { Keys } from '../keys';
import { loopBackoff } from '../retry';
import { sleep } from '../sleep';
import type { Subscription } from '../subscription';
import type { TopicRegistry } from '../topics';
import type { BusLogger, Handler, SubscribeOptions } from '../types';
import { definitionDoc, type ChoreographyDefinition, type SagaDefinition } from './definition';
import { Draft } from './draft';
import { enterStep, type Operator, type OperatorAction } from './machine';
import { applyOperatorAction, publishOutbox } from './operator';
import { DEFAULT_SAGA_OPTIONS, type SagaOptions } from './options';
import { OutboxWriter } from './outbox';
import { renewStaleLeases, Run, type RunEnv } from './run';
import { handleReply } from './replies';
import { registerSagaScripts } from './scripts';
import { pollTimers } from './timers';
import type { SagaHost } from './host';
import {
  applyFields,
  parseState,
  stepContext,
  toInstance,
  type InstanceState,
  type SagaInstance,
} from './state';
import { commitDraft, writtenFields } from './store';

export interface SagaDeps {
  redis: Redis;
  keys: Keys;
  topics: TopicRegistry;
  service: string;
  source: string;
  log: BusLogger;
  subscribe: (group: string, topic: string, handler: Handler, options?: SubscribeOptions) => Subscription;
  onPublished?: (topic: string) => void;
}

export interface StartOptions {
  /** The trace the instance joins. Default: the handled event's correlation id, else the saga id. */
  correlationId?: string;
}

/**
 * `bus.sagas`: starts instances, orchestrates those of the registered definitions (any process that
 * registered a definition can take over any of its instances), and applies operator actions.
 * See server/bus/README.md (Sagas).
 */
export class Sagas {
  private readonly redis: Redis;
  private readonly options: SagaOptions;
  private readonly outbox: OutboxWriter;
  private readonly host: SagaHost;
  private readonly registered = new Map<string, SagaDefinition>();
  private readonly announced = new Set<string>();
  private readonly active = new Map<string, Run>();
  private readonly stop$ = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly ownerPrefix = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private tokens = 0;
  private wake = new AbortController();
  private renewTimer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    private readonly deps: SagaDeps,
    options: Partial<SagaOptions> = {},
  ) {
    this.redis = registerSagaScripts(deps.redis);
    this.options = { ...DEFAULT_SAGA_OPTIONS, ...options };
    this.outbox = new OutboxWriter(deps.redis, deps.keys, deps.topics, deps.log, deps.onPublished);
    this.host = {
      redis: this.redis,
      keys: deps.keys,
      source: deps.source,
      leaseMs: this.options.leaseMs,
      retentionMs: this.options.retentionMs,
      closing: () => this.closing,
      isActive: (sagaId) => this.active.has(sagaId),
      token: () => this.token(),
      newRun: (def, state, token) => new Run(this.runEnv(), def, state, token),
      hold: (run) => void this.active.set(run.sagaId, run),
      drop: (sagaId) => void this.active.delete(sagaId),
      drive: (run) => this.launchRun(run),
      launch: (def, state, token) => this.launch(def, state, token),
      publish: (key, entries) => this.publish(key, entries),
    };
  }

  /** This process orchestrates instances of the definition (its own and any other process's). */
  async register<I, O>(definition: SagaDefinition<I, O>): Promise<void> {
    const def = definition as unknown as SagaDefinition;
    if (this.registered.has(def.key)) return;
    this.registered.set(def.key, def);
    try {
      await this.announceWhenConnected(def);
    } catch (error) {
      this.registered.delete(def.key); // a later register() tries again
      throw error;
    }
    // closed meanwhile (a service stopped as it started): nothing may outlive close()
    if (this.closing) return;
    const replyTopics = new Set(
      def.steps.flatMap((step) => (step.command ? [step.command.reply.topic] : [])),
    );
    const ready: Promise<void>[] = [];
    for (const topic of replyTopics) {
      const subscription = this.deps.subscribe(
        `saga.${def.key}`,
        topic,
        (event) => handleReply(this.host, def, event),
        {
          retry: { maxAttempts: 20, baseMs: 50, maxMs: 2_000 },
          breaker: false,
        },
      );
      this.subscriptions.push(subscription);
      ready.push(subscription.ready);
    }
    await Promise.all(ready);
    if (this.closing) return;
    this.loops.push(
      pollTimers(this.host, def, {
        pollBatch: this.options.pollBatch,
        pollMs: this.options.pollMs,
        log: this.deps.log,
        signal: this.stop$.signal,
        nap: (ms) => this.nap(ms),
      }),
    );
    this.renewTimer ??= setInterval(
      () => renewStaleLeases(this.active.values(), this.runEnv()),
      Math.max(50, this.options.leaseMs / 3),
    );
  }

  /**
   * Announces, waiting out a connection that is not up yet: a service registers its sagas as it starts,
   * often before its Redis connection is ready (and without an offline queue a command fails at once).
   */
  private async announceWhenConnected(def: SagaDefinition | ChoreographyDefinition): Promise<void> {
    const backoff = loopBackoff(100, 5_000);
    for (;;) {
      try {
        await this.announce(def);
        return;
      } catch (error) {
        if (!isConnectionError(error) || this.closing) throw error;
        await sleep(backoff.next(), this.stop$.signal);
      }
    }
  }

  /** Announces a hand-choreographed workflow so that the console can build its timelines. */
  async declare(choreography: ChoreographyDefinition): Promise<void> {
    await this.announceWhenConnected(choreography);
  }

  /** Starts an instance; resolves with its id once its state is in Redis. */
  async start<I, O>(definition: SagaDefinition<I, O>, input: I, options: StartOptions = {}): Promise<string> {
    const def = definition as unknown as SagaDefinition;
    await this.announce(def);
    const local = this.registered.get(def.key) ?? null;
    const sagaId = uuidv7();
    const now = Date.now();
    const parent = currentEvent();
    const base: Record<string, string> = {
      def: def.name,
      ver: String(def.version),
      topic: def.topic,
      corr: options.correlationId ?? parent?.correlationid ?? parent?.id ?? sagaId,
      tp: childTraceparent(parent?.traceparent),
      input: JSON.stringify(input ?? null),
      names: JSON.stringify(def.steps.map((step) => step.name)),
      comps: def.steps.map((step) => (step.compensate ? '1' : '0')).join(''),
      status: 'running',
      phase: 'run',
      step: '0',
      attempt: '1',
      abase: '0',
      done: '0',
      round: '0',
      started: String(now),
    };
    const initial = parseState(sagaId, base);
    const draft = new Draft(initial, this.deps.source, now).put(base);
    draft.emit('saga.started', 'running', { payload: input });
    enterStep(draft, def, 0, 1, (state, index, attempt) =>
      def.steps[index]!.command!.data(stepContext(state, index, attempt, this.stop$.signal)),
    );
    const token = local ? this.token() : '';
    const owner = draft.release ? '' : token;
    const key = this.deps.keys.sagaInstance(sagaId);
    const score = typeof draft.timer === 'number' ? draft.timer : owner ? now + this.options.leaseMs : now;
    // the timer first: an instance is never in Redis without something that will look at it
    const [, result] = await Promise.all([
      this.redis.zadd(this.deps.keys.sagaTimers(def.name, def.version), score, sagaId),
      commitDraft(this.redis, key, draft, {
        expectOwner: '',
        newOwner: owner,
        leaseMs: this.options.leaseMs,
      }),
    ]);
    if (!result.ok)
      throw new BusError('SAGA_START_FAILED', `saga ${sagaId} could not start: ${result.reason}`);
    const state = applyFields(initial, writtenFields(draft), [], { rev: result.rev, owner });
    // held here: the run publishes the outbox; else it waits for a reply, or for another process
    if (local && owner) this.launch(local, state, owner);
    else void this.publish(key, draft.outbox);
    return sagaId;
  }

  async get(sagaId: string): Promise<SagaInstance | null> {
    const raw = await this.redis.hgetall(this.deps.keys.sagaInstance(sagaId));
    return raw.rev === undefined ? null : toInstance(parseState(sagaId, raw));
  }

  /** Stuck: the failing compensation gets its attempts again. Compensated: the saga runs again from its first step. */
  retryStep(sagaId: string, operator: Operator): Promise<SagaInstance> {
    return this.act('retry', sagaId, operator);
  }

  /** Running: stop going forward and compensate the completed steps. */
  compensate(sagaId: string, operator: Operator): Promise<SagaInstance> {
    return this.act('compensate', sagaId, operator);
  }

  /** Running, compensating or stuck: stop here, without compensating further. */
  abort(sagaId: string, operator: Operator): Promise<SagaInstance> {
    return this.act('abort', sagaId, operator);
  }

  /** Stuck: an operator undid the stuck compensation by hand; the earlier compensations run next. */
  resolve(sagaId: string, operator: Operator & { reason: string }): Promise<SagaInstance> {
    return this.act('resolve', sagaId, operator);
  }

  /** Stops polling, lets the runs in flight finish their current step and release, publishes what is left. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.closing = true;
    this.stop$.abort();
    this.wake.abort();
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
    await Promise.all(this.loops.splice(0));
    const deadline = Date.now() + timeoutMs;
    while (this.active.size > 0 && Date.now() < deadline) await sleep(10);
    for (const run of this.active.values()) run.abort.abort();
    await this.outbox.close();
  }

  private async act(action: OperatorAction, sagaId: string, operator: Operator): Promise<SagaInstance> {
    const { instance } = await applyOperatorAction(
      {
        redis: this.redis,
        keys: this.deps.keys,
        source: this.deps.source,
        leaseMs: this.options.leaseMs,
        retentionMs: this.options.retentionMs,
        publish: (key, entries) => this.publish(key, entries),
        onActed: (state) => {
          if (this.registered.has(`${state.name}@${state.version}`)) this.poke();
        },
      },
      action,
      sagaId,
      operator,
    );
    return instance;
  }

  private launch(def: SagaDefinition, state: InstanceState, token: string): void {
    const run = new Run(this.runEnv(), def, state, token);
    this.active.set(state.sagaId, run);
    this.launchRun(run);
  }

  /** Drives a held run; it is forgotten when done. */
  private launchRun(run: Run): void {
    const state = { sagaId: run.sagaId };
    run
      .drive()
      .catch((error: unknown) =>
        this.deps.log.error({ sagaId: state.sagaId, err: (error as Error).message }, 'saga run failed'),
      )
      .finally(() => this.active.delete(state.sagaId));
  }

  /** Publishes outbox entries of an instance nobody here drives, then deletes them from its hash. */
  private publish(key: string, entries: [string, string][]): Promise<void> {
    return publishOutbox(this.redis, this.outbox, this.deps.log, key, entries);
  }

  private async announce(definition: SagaDefinition | ChoreographyDefinition): Promise<void> {
    if (this.announced.has(definition.key)) return;
    const doc = definitionDoc(definition, new Date().toISOString());
    await this.redis.hset(this.deps.keys.sagaDefinitions(), definition.key, JSON.stringify(doc));
    this.announced.add(definition.key);
  }

  private runEnv(): RunEnv {
    return {
      redis: this.redis,
      keys: this.deps.keys,
      outbox: this.outbox,
      source: this.deps.source,
      log: this.deps.log,
      leaseMs: this.options.leaseMs,
      machine: this.machine(),
      closing: () => this.closing,
      onTransition: this.options.onTransition,
    };
  }

  private machine(): { retentionMs: number } {
    return { retentionMs: this.options.retentionMs };
  }

  private token(): string {
    this.tokens += 1;
    return `${this.ownerPrefix}-${this.tokens}`;
  }

  private poke(): void {
    this.wake.abort();
  }

  /** Sleeps until the next poll, or until poked (a hand-off or an operator action in this process). */
  private async nap(ms: number): Promise<void> {
    if (this.stop$.signal.aborted) return;
    if (this.wake.signal.aborted) {
      this.wake = new AbortController();
      return;
    }
    await sleep(ms, this.wake.signal);
  }
}
