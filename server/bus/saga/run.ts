import type { Redis } from 'ioredis';
import { UnrecoverableError, BusError } from '../errors';
import { withDeadline } from '../deadline';
import type { Keys } from '../keys';
import { sleep } from '../sleep';
import type { BusLogger } from '../types';
import type { RunStep, SagaDefinition, StepContext } from './definition';
import { Draft, stepRef, toSagaError } from './draft';
import {
  backoffOver,
  compensationBackoffOver,
  compensationFailed,
  compensationSucceeded,
  dispatch,
  stepFailed,
  stepSucceeded,
  type CommandData,
  type MachineOptions,
} from './machine';
import type { OutboxWriter } from './outbox';
import { applyFields, outputsOf, parseJson, type InstanceState } from './state';
import { commitDraft, writtenFields } from './store';

export interface RunEnv {
  redis: Redis;
  keys: Keys;
  outbox: OutboxWriter;
  source: string;
  log: BusLogger;
  leaseMs: number;
  machine: MachineOptions;
  /** True once the orchestrator closes: runs release their instances instead of going on. */
  closing: () => boolean;
  onTransition?: (info: TransitionInfo) => void;
}

export interface TransitionInfo {
  sagaId: string;
  status: string;
  phase: string;
  /** How long the transition script took to commit (client-side). */
  commitMs: number;
}

export class StepTimeoutError extends BusError {
  constructor(readonly timeoutMs: number) {
    super('SAGA_STEP_TIMEOUT', `no result within ${timeoutMs} ms`);
  }
}

/** Aborting with a reason of our own spares creating a DOMException (and its stack) per run. */
const RUN_OVER = new BusError('SAGA_RUN_OVER', 'the orchestrator no longer drives this instance');

type Outcome = { ok: true; output: unknown } | { ok: false; error: unknown };

/**
 * Drives one instance while this process holds it: runs the thing in flight, commits what it led
 * to, and goes on until the instance waits for a reply, ends, or is taken away (a refused commit:
 * another process or an operator changed it). Published outbox entries are deleted by the next
 * commit, or at once when the run is over.
 */
export class Run {
  readonly abort = new AbortController();
  lastCommit = Date.now();
  private flushed: string[] = [];
  /** Outbox fields this run has handed to the writer already. */
  private readonly handed = new Set<string>();
  private over = false;

  constructor(
    private readonly env: RunEnv,
    private readonly def: SagaDefinition,
    private state: InstanceState,
    readonly token: string,
  ) {}

  get sagaId(): string {
    return this.state.sagaId;
  }

  private get key(): string {
    return this.env.keys.sagaInstance(this.state.sagaId);
  }

  /** Commits a transition decided outside the run (a reply's outcome) on the state the run was given. */
  commitNow(draft: Draft): Promise<boolean> {
    return this.commit(draft);
  }

  /** Drives the instance for as long as this run holds it. */
  async drive(): Promise<void> {
    try {
      const leftovers = this.state.outbox.filter((field) => !this.handed.has(field));
      if (leftovers.length > 0) this.publish(leftovers.map((f) => [f, this.state.raw[f]!]));
      while (this.state.owner === this.token && !this.abort.signal.aborted) {
        const draft = this.env.closing() ? this.releaseDraft() : await this.next();
        if (!draft || this.abort.signal.aborted) return;
        if (!(await this.commit(draft))) return;
      }
    } finally {
      this.over = true;
      this.abort.abort(RUN_OVER);
      // an ended instance's entries go with its last batch (see commit)
      const leftover = this.state.phase === 'end' ? [] : this.flushed.splice(0);
      if (leftover.length > 0) void this.env.redis.hdel(this.key, ...leftover).catch(this.warn);
    }
  }

  private releaseDraft(): Draft {
    const d = new Draft(this.state, this.env.source);
    d.release = true;
    d.timer = Date.now();
    return d;
  }

  /** Runs what is in flight and returns the transition it leads to. */
  private async next(): Promise<Draft | null> {
    const s = this.state;
    const step = this.def.steps[s.step];
    if (!step) return null;
    const d = (): Draft => new Draft(this.state, this.env.source);
    switch (s.phase) {
      case 'run': {
        if (step.command) {
          const draft = d();
          dispatch(draft, this.def, s.step, s.attempt, this.commandData);
          return draft;
        }
        const outcome = await this.runLocal(step, s, false);
        if (this.abort.signal.aborted) return null;
        const draft = d();
        if (outcome.ok) stepSucceeded(draft, this.def, outcome.output, this.env.machine, this.commandData);
        else
          stepFailed(
            draft,
            this.def,
            toSagaError(outcome.error),
            {
              timedOut: outcome.error instanceof StepTimeoutError,
              permanent: outcome.error instanceof UnrecoverableError,
            },
            this.env.machine,
          );
        return draft;
      }
      case 'await': {
        const draft = d();
        if (s.wake > Date.now()) {
          // claimed before its deadline (a takeover): wait for the reply unowned
          draft.release = true;
          draft.timer = s.wake;
          return draft;
        }
        const error = new StepTimeoutError(step.timeoutMs ?? 0);
        stepFailed(
          draft,
          this.def,
          toSagaError(error),
          { timedOut: true, permanent: false },
          this.env.machine,
        );
        return draft;
      }
      case 'backoff':
        await sleep(s.wake - Date.now(), this.abort.signal);
        if (this.abort.signal.aborted) return null;
        return this.withDraft((draft) => backoffOver(draft, this.def, this.commandData));
      case 'comp': {
        if (!step.compensate)
          return this.withDraft((draft) => compensationSucceeded(draft, this.env.machine));
        const outcome = await this.runLocal(step, s, true);
        if (this.abort.signal.aborted) return null;
        const draft = d();
        if (outcome.ok) compensationSucceeded(draft, this.env.machine);
        else compensationFailed(draft, this.def, toSagaError(outcome.error));
        return draft;
      }
      case 'comp-backoff':
        await sleep(s.wake - Date.now(), this.abort.signal);
        if (this.abort.signal.aborted) return null;
        return this.withDraft((draft) => compensationBackoffOver(draft));
      case 'end':
        return null;
    }
  }

  private withDraft(fill: (draft: Draft) => void): Draft {
    const draft = new Draft(this.state, this.env.source);
    fill(draft);
    return draft;
  }

  private async runLocal(step: RunStep, s: InstanceState, compensating: boolean): Promise<Outcome> {
    const fn = compensating ? step.compensate! : step.local!;
    const ctx = this.context(s, s.step, s.attempt, compensating);
    try {
      const work = Promise.resolve().then(() => fn(ctx));
      const output =
        step.timeoutMs === null || compensating
          ? await work
          : await withDeadline(work, step.timeoutMs, () => {
              throw new StepTimeoutError(step.timeoutMs!);
            });
      return { ok: true, output };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private context(
    s: InstanceState,
    index: number,
    attempt: number,
    compensating = false,
  ): StepContext<unknown, Record<string, unknown>> {
    const base = `${s.sagaId}/${s.round}/${index}`;
    return {
      sagaId: s.sagaId,
      correlationId: s.correlationId,
      input: parseJson<unknown>(s.raw.input, undefined),
      outputs: outputsOf(s),
      step: stepRef(s, index),
      attempt,
      idempotencyKey: compensating ? `${base}/undo` : base,
      signal: this.abort.signal,
    };
  }

  readonly commandData: CommandData = (state, index, attempt) =>
    this.def.steps[index]!.command!.data(this.context(state, index, attempt));

  /** One fenced transition; false when the instance was taken away (the run stops). */
  private async commit(draft: Draft): Promise<boolean> {
    const s = this.state;
    const newOwner = draft.release ? '' : this.token;
    const del = this.flushed.splice(0);
    const started = performance.now();
    const result = await commitDraft(this.env.redis, this.key, draft, {
      expectOwner: s.owner,
      newOwner,
      fence: `${s.step}:${s.attempt}`,
      leaseMs: this.env.leaseMs,
      del,
    });
    if (!result.ok) {
      this.env.log.debug(
        { sagaId: s.sagaId, refused: result.reason },
        'saga transition refused; another holds it',
      );
      return false;
    }
    this.lastCommit = Date.now();
    this.state = applyFields(s, writtenFields(draft), del, { rev: result.rev, owner: newOwner });
    this.env.onTransition?.({
      sagaId: s.sagaId,
      status: this.state.status,
      phase: this.state.phase,
      commitMs: performance.now() - started,
    });
    const timers = this.env.keys.sagaTimers(s.name, s.version);
    if (typeof draft.timer === 'number') {
      void this.env.redis.zadd(timers, 'LT', draft.timer, s.sagaId).catch(this.warn);
    }
    const remove = draft.timer === 'remove';
    for (const [field] of draft.outbox) this.handed.add(field);
    void this.env.outbox.add(draft.outbox).then((fields) => {
      if (remove) {
        // the outbox batches are published in order: this one is the instance's last
        void this.env.redis
          .pipeline()
          .hdel(this.key, ...this.flushed.splice(0), ...fields)
          .zrem(timers, s.sagaId)
          .exec()
          .catch(this.warn);
      } else this.published(fields);
    });
    return true;
  }

  /** Published entries are deleted by the next commit, at once when the run is over, or with the last batch. */
  private published(fields: string[]): void {
    if (fields.length === 0) return;
    if (this.over && this.state.phase !== 'end')
      void this.env.redis.hdel(this.key, ...fields).catch(this.warn);
    else this.flushed.push(...fields);
  }

  /** Entries a previous holder left unpublished. */
  private publish(entries: [string, string][]): void {
    void this.env.outbox.add(entries).then((fields) => this.published(fields));
  }

  private readonly warn = (error: unknown): void => {
    this.env.log.warn(
      { sagaId: this.state.sagaId, err: (error as Error).message },
      'saga bookkeeping failed',
    );
  };
}

/** Keeps the leases of runs that have not committed for a while (long steps, backoffs). */
export function renewStaleLeases(
  runs: Iterable<Run>,
  env: Pick<RunEnv, 'redis' | 'keys' | 'leaseMs' | 'log'>,
): void {
  const stale = Date.now() - env.leaseMs / 3;
  for (const run of runs) {
    if (run.lastCommit > stale) continue;
    run.lastCommit = Date.now();
    void env.redis
      .elSagaRenew(env.keys.sagaInstance(run.sagaId), run.token, String(env.leaseMs))
      .then((held) => {
        if (held === 0) run.abort.abort();
      })
      .catch((error: unknown) =>
        env.log.warn({ sagaId: run.sagaId, err: (error as Error).message }, 'saga lease renewal failed'),
      );
  }
}
