import type { Redis } from 'ioredis';
import type { SagaStatus } from '@/server/contracts/saga-events';
import type { Keys } from '../keys';
import { TopicRegistry } from '../topics';
import type { BusLogger } from '../types';
import { Draft } from './draft';
import { SagaConflictError, SagaNotFoundError, SagaStateError } from './errors';
import { ALLOWED, operatorAction, type Operator, type OperatorAction } from './machine';
import { DEFAULT_SAGA_OPTIONS } from './options';
import { OutboxWriter } from './outbox';
import { registerSagaScripts } from './scripts';
import { applyFields, parseState, toInstance, type InstanceState, type SagaInstance } from './state';
import { commitDraft, writtenFields } from './store';

/** What an operator action needs; `Sagas` passes its own, `SagaOperations` builds them. */
export interface ActDeps {
  redis: Redis;
  keys: Keys;
  source: string;
  leaseMs: number;
  retentionMs: number;
  /** Publishes outbox entries of an instance nobody holds, then removes them from its hash. */
  publish: (key: string, entries: [string, string][]) => Promise<void>;
  /** After the commit (an orchestrator in this process may take the instance at once). */
  onActed?: (state: InstanceState) => void;
}

export interface ActOutcome {
  /** The status the action found. */
  from: SagaStatus;
  instance: SagaInstance;
}

/** Conditional commits tried before giving up on an instance that keeps changing. */
const TRIES = 5;

/**
 * Applies an operator action: takes the instance from whoever holds it (the owner check is `*`, the
 * status check is the action's), publishes what a previous holder left in the outbox and then the
 * action's own events, and hands the instance to the timer set so that an orchestrator continues it.
 * Needs no definition: the hash carries the step names and which steps compensate. With
 * `expectStatus`, the action applies only to an instance in that status.
 */
export async function applyOperatorAction(
  deps: ActDeps,
  action: OperatorAction,
  sagaId: string,
  operator: Operator,
  expectStatus?: SagaStatus,
): Promise<ActOutcome> {
  const key = deps.keys.sagaInstance(sagaId);
  // the status the operator saw: a second click (or a second operator) finds it changed, and is refused
  const allowed = expectStatus ? ALLOWED[action].filter((s) => s === expectStatus) : ALLOWED[action];
  for (let tries = 0; tries < TRIES; tries++) {
    const raw = await deps.redis.hgetall(key);
    if (raw.rev === undefined) throw new SagaNotFoundError(sagaId);
    const state = parseState(sagaId, raw);
    if (!allowed.includes(state.status)) throw new SagaStateError(action, state.status, allowed);
    const draft = new Draft(state, deps.source);
    operatorAction(draft, action, operator, { retentionMs: deps.retentionMs });
    const result = await commitDraft(deps.redis, key, draft, {
      expectOwner: '*',
      newOwner: '',
      allowed,
      leaseMs: deps.leaseMs,
    });
    if (!result.ok) {
      if (result.reason.startsWith('status:'))
        throw new SagaStateError(action, result.reason.slice('status:'.length), allowed);
      if (result.reason === 'gone') throw new SagaNotFoundError(sagaId);
      continue;
    }
    await deps.publish(key, [...state.outbox.map((f): [string, string] => [f, raw[f]!]), ...draft.outbox]);
    const timers = deps.keys.sagaTimers(state.name, state.version);
    if (draft.timer === 'remove') await deps.redis.zrem(timers, sagaId);
    else await deps.redis.zadd(timers, draft.timer ?? Date.now(), sagaId);
    deps.onActed?.(state);
    const after = applyFields(state, writtenFields(draft), [], { rev: result.rev, owner: '' });
    return { from: state.status, instance: toInstance(after) };
  }
  throw new SagaConflictError(sagaId);
}

/** Publishes outbox entries, then deletes them from the instance's hash (best effort: see below). */
export async function publishOutbox(
  redis: Redis,
  outbox: OutboxWriter,
  log: BusLogger,
  key: string,
  entries: [string, string][],
): Promise<void> {
  const fields = await outbox.add(entries);
  if (fields.length === 0) return;
  await redis.hdel(key, ...fields).catch((error: unknown) => {
    // left in the hash, they are published again (same ids) by whoever holds the instance next
    log.warn({ err: (error as Error).message }, 'saga outbox cleanup failed');
  });
}

export interface SagaOperationsOptions {
  /** The `source` of the lifecycle events the actions publish. */
  source: string;
  log: BusLogger;
  /** As the orchestrators' (SagaOptions); the defaults are theirs. */
  leaseMs?: number;
  retentionMs?: number;
}

/**
 * Operator actions on saga instances without orchestrating any: for a console or a CLI, which act on
 * instances of definitions they do not have. An orchestrator registered for the definition continues
 * the instance from its timer set.
 */
export class SagaOperations {
  private readonly deps: ActDeps;
  private readonly outbox: OutboxWriter;

  constructor(redis: Redis, keys: Keys, options: SagaOperationsOptions) {
    const scripted = registerSagaScripts(redis);
    this.outbox = new OutboxWriter(scripted, keys, new TopicRegistry(scripted, keys), options.log);
    this.deps = {
      redis: scripted,
      keys,
      source: options.source,
      leaseMs: options.leaseMs ?? DEFAULT_SAGA_OPTIONS.leaseMs,
      retentionMs: options.retentionMs ?? DEFAULT_SAGA_OPTIONS.retentionMs,
      publish: (key, entries) => publishOutbox(scripted, this.outbox, options.log, key, entries),
    };
  }

  act(
    action: OperatorAction,
    sagaId: string,
    operator: Operator,
    expectStatus?: SagaStatus,
  ): Promise<ActOutcome> {
    return applyOperatorAction(this.deps, action, sagaId, operator, expectStatus);
  }

  /** Waits for the events of the actions taken so far to be in their streams. */
  close(): Promise<void> {
    return this.outbox.close();
  }
}
