import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Envelope } from '@/server/contracts/envelope';
import { currentEvent } from '../context';
import { childTraceparent } from '../envelope';
import { BusError } from '../errors';
import { uuidv7 } from '../ids';
import type { Keys } from '../keys';
import { loopBackoff } from '../retry';
import { sleep } from '../sleep';
import type { Subscription } from '../subscription';
import type { TopicRegistry } from '../topics';
import type { BusLogger, Handler, SubscribeOptions } from '../types';
import {
  definitionDoc,
  type ChoreographyDefinition,
  type SagaDefinition,
  type StepContext,
} from './definition';
import { Draft } from './draft';
import { SagaBusyError } from './errors';
import {
  enterStep,
  lateReply,
  parseCommandId,
  stepFailed,
  stepSucceeded,
  type Operator,
  type OperatorAction,
} from './machine';
import { applyOperatorAction, publishOutbox } from './operator';
import { DEFAULT_SAGA_OPTIONS, type SagaOptions } from './options';
import { OutboxWriter } from './outbox';
import { Run, type RunEnv } from './run';
import { registerSagaScripts } from './scripts';
import {
  applyFields,
  outputsOf,
  parseJson,
  parseState,
  toInstance,
  type InstanceState,
  type SagaInstance,
} from './state';
import { commitDraft, writtenFields } from './store';

/** A timer without its instance is dropped once it is this old (see visit). */
const GONE_GRACE_MS = 10_000;
const GONE_RETRY_MS = 200;

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
  }

  /** This process orchestrates instances of the definition (its own and any other process's). */
  async register<I, O>(definition: SagaDefinition<I, O>): Promise<void> {
    const def = definition as unknown as SagaDefinition;
    if (this.registered.has(def.key)) return;
    this.registered.set(def.key, def);
    await this.announce(def);
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
        (event) => this.onReply(def, event),
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
    this.loops.push(this.poll(def));
    this.renewTimer ??= setInterval(() => this.renewLeases(), Math.max(50, this.options.leaseMs / 3));
  }

  /** Announces a hand-choreographed workflow so that the console can build its timelines. */
  async declare(choreography: ChoreographyDefinition): Promise<void> {
    await this.announce(choreography);
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
      def.steps[index]!.command!.data(this.context(state, index, attempt)),
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

  /** A reply to a command step: completes or fails the step it answers, or is recorded as late. */
  private async onReply(def: SagaDefinition, event: Envelope): Promise<void> {
    const command = event.causationid ? parseCommandId(event.causationid) : null;
    if (!command) return;
    const spec = def.steps[command.index]?.command;
    if (!spec) return;
    const succeeded = spec.reply.types.includes(event.type);
    const failed = spec.reply.failureTypes?.includes(event.type) ?? false;
    if (!succeeded && !failed) return;
    if (this.active.has(command.sagaId)) throw new SagaBusyError(command.sagaId);
    const key = this.deps.keys.sagaInstance(command.sagaId);
    const raw = await this.redis.hgetall(key);
    if (raw.rev === undefined) return; // expired, or another deployment's instance
    const state = parseState(command.sagaId, raw);
    if (state.name !== def.name || state.version !== def.version) return;
    // a live holder decides first (it may be timing the step out); the delivery is retried after it
    if (state.owner !== '' && state.lease > Date.now()) throw new SagaBusyError(command.sagaId);
    const draft = new Draft(state, this.deps.source);
    const current =
      state.status === 'running' &&
      state.phase === 'await' &&
      state.round === command.round &&
      state.step === command.index &&
      state.attempt === command.attempt;
    if (!current) {
      lateReply(draft, command.index, command.attempt, event.causationid!, event.id);
      draft.release = true;
      const result = await commitDraft(this.redis, key, draft, {
        expectOwner: state.owner,
        newOwner: '',
        leaseMs: this.options.leaseMs,
      });
      if (!result.ok) throw new SagaBusyError(command.sagaId);
      await this.publish(key, draft.outbox);
      return;
    }
    const run = new Run(this.runEnv(), def, state, this.token());
    if (succeeded) {
      stepSucceeded(draft, def, event.data, this.machine(), run.commandData, { replyEventId: event.id });
    } else {
      const message = (event.data as { message?: unknown } | undefined)?.message;
      stepFailed(
        draft,
        def,
        { name: 'CommandFailed', message: typeof message === 'string' ? message : event.type },
        { timedOut: false, permanent: true },
        this.machine(),
      );
    }
    // the step's outcome is committed before the reply is acked; the rest of the saga runs on
    this.active.set(state.sagaId, run);
    let committed = false;
    try {
      committed = await run.commitNow(draft);
    } finally {
      if (!committed) this.active.delete(state.sagaId);
    }
    if (!committed) throw new SagaBusyError(command.sagaId);
    this.launchRun(run);
  }

  private launch(def: SagaDefinition, state: InstanceState, token: string): void {
    const run = new Run(this.runEnv(), def, state, token);
    this.active.set(state.sagaId, run);
    this.launchRun(run);
  }

  private launchRun(run: Run): void {
    const state = { sagaId: run.sagaId };
    run
      .drive()
      .catch((error: unknown) =>
        this.deps.log.error({ sagaId: state.sagaId, err: (error as Error).message }, 'saga run failed'),
      )
      .finally(() => this.active.delete(state.sagaId));
  }

  /** Every process that registered a definition looks at its due instances. */
  private async poll(def: SagaDefinition): Promise<void> {
    const timers = this.deps.keys.sagaTimers(def.name, def.version);
    const backoff = loopBackoff(100, 5_000);
    const stopped = this.stop$.signal;
    while (!stopped.aborted) {
      try {
        const due = await this.redis.zrangebyscore(
          timers,
          '-inf',
          Date.now(),
          'WITHSCORES',
          'LIMIT',
          0,
          this.options.pollBatch,
        );
        const visits: Promise<void>[] = [];
        for (let i = 0; i + 1 < due.length; i += 2)
          visits.push(this.visit(def, timers, due[i]!, due[i + 1]!));
        await Promise.all(visits);
        backoff.reset();
        if (due.length / 2 < this.options.pollBatch) await this.nap(this.options.pollMs);
      } catch (error) {
        if (stopped.aborted) break;
        this.deps.log.warn(
          { err: (error as Error).message, saga: def.key },
          'saga timer poll failed; retrying',
        );
        await sleep(backoff.next(), stopped);
      }
    }
  }

  private async visit(def: SagaDefinition, timers: string, sagaId: string, score: string): Promise<void> {
    const later = (ms: number): Promise<number> =>
      this.redis.elSagaReschedule(timers, sagaId, score, ms > 0 ? String(ms) : '');
    if (this.active.has(sagaId)) {
      await later(Date.now() + this.options.leaseMs);
      return;
    }
    const token = this.token();
    const key = this.deps.keys.sagaInstance(sagaId);
    const [kind, ms, ...flat] = await this.redis.elSagaClaim(key, token, String(this.options.leaseMs));
    const at = Number(ms);
    switch (kind) {
      case 'gone':
        // a start writes the timer just before the instance: a young timer's instance may be on its way
        await later(Number(score) < Date.now() - GONE_GRACE_MS ? 0 : Date.now() + GONE_RETRY_MS);
        return;
      case 'busy':
      case 'later':
        await later(at);
        return;
      case 'flush': {
        const state = parseState(sagaId, flat);
        await this.publish(
          key,
          state.outbox.map((f): [string, string] => [f, state.raw[f]!]),
        );
        await later(at);
        return;
      }
      case 'claimed': {
        await later(Date.now() + this.options.leaseMs);
        const state = parseState(sagaId, flat);
        if (this.active.has(sagaId) || this.closing) return; // the lease runs out; someone takes it again
        this.launch(def, state, token);
        return;
      }
    }
  }

  /** Publishes outbox entries of an instance nobody here drives, then deletes them from its hash. */
  private publish(key: string, entries: [string, string][]): Promise<void> {
    return publishOutbox(this.redis, this.outbox, this.deps.log, key, entries);
  }

  /** Keeps the leases of runs that have not committed for a while (long steps, backoffs). */
  private renewLeases(): void {
    const stale = Date.now() - this.options.leaseMs / 3;
    for (const run of this.active.values()) {
      if (run.lastCommit > stale) continue;
      run.lastCommit = Date.now();
      void this.redis
        .elSagaRenew(this.deps.keys.sagaInstance(run.sagaId), run.token, String(this.options.leaseMs))
        .then((held) => {
          if (held === 0) run.abort.abort();
        })
        .catch((error: unknown) =>
          this.deps.log.warn(
            { sagaId: run.sagaId, err: (error as Error).message },
            'saga lease renewal failed',
          ),
        );
    }
  }

  private async announce(definition: SagaDefinition | ChoreographyDefinition): Promise<void> {
    if (this.announced.has(definition.key)) return;
    const doc = definitionDoc(definition, new Date().toISOString());
    await this.redis.hset(this.deps.keys.sagaDefinitions(), definition.key, JSON.stringify(doc));
    this.announced.add(definition.key);
  }

  private context(
    state: InstanceState,
    index: number,
    attempt: number,
  ): StepContext<unknown, Record<string, unknown>> {
    return {
      sagaId: state.sagaId,
      correlationId: state.correlationId,
      input: parseJson<unknown>(state.raw.input, undefined),
      outputs: outputsOf(state),
      step: { index, name: state.stepNames[index] ?? String(index) },
      attempt,
      idempotencyKey: `${state.sagaId}/${state.round}/${index}`,
      signal: this.stop$.signal,
    };
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
