import type { SagaError, SagaStatus } from '@/server/contracts/saga-events';
import { fieldsToObject } from '../codec';
import type { StepContext } from './definition';

/**
 * An instance's hash, read. The hash always names the one thing in flight: a step attempt running
 * (`run`) or waiting for its reply (`await`), a pause before the next attempt (`backoff`), a
 * compensation attempt (`comp`) or its pause (`comp-backoff`); `end` once nothing is left to run.
 * Whoever holds the instance after a crash runs the thing in flight again.
 */
export type Phase = 'run' | 'await' | 'backoff' | 'comp' | 'comp-backoff' | 'end';

/** Outbox entries are fields starting with this: `<topic> <event JSON>`, published after the transition. */
export const OUTBOX = '>';

export interface InstanceState {
  raw: Record<string, string>;
  sagaId: string;
  name: string;
  version: number;
  topic: string;
  status: SagaStatus;
  phase: Phase;
  /** The step in flight (forward or compensating). */
  step: number;
  attempt: number;
  /** Attempts before this one that do not count against the retry limit (an operator's retry). */
  attemptBase: number;
  rev: number;
  /** The last lifecycle seq used. */
  seq: number;
  owner: string;
  lease: number;
  /** `await`: the reply deadline; backoffs: when the next attempt starts (ms). */
  wake: number;
  /** Forward steps completed (0..done-1). */
  done: number;
  round: number;
  correlationId: string;
  traceparent: string;
  stepNames: string[];
  compensable: boolean[];
  failed: number | null;
  error: SagaError | null;
  startedAt: number;
  updatedAt: number;
  outbox: string[];
}

export const ENDED: readonly SagaStatus[] = ['completed', 'compensated', 'aborted', 'stuck'];

const num = (value: string | undefined, fallback = 0): number => {
  const n = Number(value);
  return value === undefined || value === '' || Number.isNaN(n) ? fallback : n;
};

export function parseState(
  sagaId: string,
  flatOrRecord: readonly (string | number)[] | Record<string, string>,
  previous?: InstanceState,
  /** The record is the caller's own fresh copy: keep it rather than copy it again. */
  owned = false,
): InstanceState {
  const raw = Array.isArray(flatOrRecord)
    ? fieldsToObject(flatOrRecord.map(String))
    : owned
      ? (flatOrRecord as Record<string, string>)
      : { ...(flatOrRecord as Record<string, string>) };
  const failed = raw.failed;
  return {
    raw,
    sagaId,
    name: raw.def ?? '',
    version: num(raw.ver, 1),
    topic: raw.topic ?? '',
    status: (raw.status ?? 'running') as SagaStatus,
    phase: (raw.phase ?? 'run') as Phase,
    step: num(raw.step),
    attempt: num(raw.attempt, 1),
    attemptBase: num(raw.abase),
    rev: num(raw.rev, -1),
    seq: num(raw.seq, -1),
    owner: raw.owner ?? '',
    lease: num(raw.lease),
    wake: num(raw.wake),
    done: num(raw.done),
    round: num(raw.round),
    correlationId: raw.corr ?? sagaId,
    traceparent: raw.tp ?? '',
    // constant for an instance: parsed once per read, not once per transition
    stepNames:
      previous && previous.raw.names === raw.names ? previous.stepNames : parseJson<string[]>(raw.names, []),
    compensable:
      previous && previous.raw.comps === raw.comps
        ? previous.compensable
        : [...(raw.comps ?? '')].map((c) => c === '1'),
    failed: failed === undefined || failed === '' ? null : num(failed),
    error:
      previous && previous.raw.error === raw.error
        ? previous.error
        : parseJson<SagaError | null>(raw.error, null),
    startedAt: num(raw.started),
    updatedAt: num(raw.updated),
    outbox: Object.keys(raw).filter((field) => field.startsWith(OUTBOX)),
  };
}

/** The state after a committed transition, without reading it back. */
export function applyFields(
  state: InstanceState,
  set: Record<string, string>,
  deleted: readonly string[],
  committed: { rev: number; owner: string },
): InstanceState {
  const raw: Record<string, string> = {
    ...state.raw,
    ...set,
    rev: String(committed.rev),
    owner: committed.owner,
  };
  for (const field of deleted) delete raw[field];
  return parseState(state.sagaId, raw, state, true);
}

export function parseJson<T>(json: string | undefined, fallback: T): T {
  if (json === undefined || json === '') return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    // a field that is not JSON reads as absent; the instance's events still tell what happened
    return fallback;
  }
}

/** An instance as `bus.sagas.get` returns it. Times are ms since the epoch. */
export interface SagaInstance {
  sagaId: string;
  definition: { name: string; version: number };
  status: SagaStatus;
  phase: Phase;
  step: { index: number; name: string };
  attempt: number;
  round: number;
  correlationId: string;
  input: unknown;
  /** Outputs of the completed forward steps, by step name. */
  outputs: Record<string, unknown>;
  failedStep: { index: number; name: string; error: SagaError | null } | null;
  /** Lifecycle events published so far (the last seq + 1). */
  events: number;
  startedAt: number;
  updatedAt: number;
}

export function toInstance(state: InstanceState): SagaInstance {
  return {
    sagaId: state.sagaId,
    definition: { name: state.name, version: state.version },
    status: state.status,
    phase: state.phase,
    step: { index: state.step, name: state.stepNames[state.step] ?? String(state.step) },
    attempt: state.attempt,
    round: state.round,
    correlationId: state.correlationId,
    input: parseJson<unknown>(state.raw.input, undefined),
    outputs: outputsOf(state),
    failedStep:
      state.failed === null
        ? null
        : {
            index: state.failed,
            name: state.stepNames[state.failed] ?? String(state.failed),
            error: state.error,
          },
    events: state.seq + 1,
    startedAt: state.startedAt,
    updatedAt: state.updatedAt,
  };
}

/** Outputs of the steps completed in this round, by name. */
export function outputsOf(state: InstanceState): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (let i = 0; i < state.done; i++) {
    const json = state.raw[`out:${i}`];
    if (json !== undefined) outputs[state.stepNames[i] ?? String(i)] = parseJson<unknown>(json, undefined);
  }
  return outputs;
}

/** What a step's action, command data or compensation is given. */
export function stepContext(
  state: InstanceState,
  index: number,
  attempt: number,
  signal: AbortSignal,
): StepContext<unknown, Record<string, unknown>> {
  return {
    sagaId: state.sagaId,
    correlationId: state.correlationId,
    input: parseJson<unknown>(state.raw.input, undefined),
    outputs: outputsOf(state),
    step: { index, name: state.stepNames[index] ?? String(index) },
    attempt,
    idempotencyKey: `${state.sagaId}/${state.round}/${index}`,
    signal,
  };
}
