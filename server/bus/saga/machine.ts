import type { SagaError } from '@/server/contracts/saga-events';
import { backoffMs } from '../retry';
import type { SagaDefinition } from './definition';
import { type Draft, stepRef } from './draft';
import type { InstanceState } from './state';

/**
 * The saga's state machine, as pure functions that fill a Draft: what a step's or compensation's
 * outcome leads to. The orchestrator commits the draft with one fenced script; operator actions use
 * the same functions, without the definition (the hash carries the step names and which steps have
 * a compensation).
 */

export interface Operator {
  actor: string;
  reason?: string;
}

/** Builds a command step's data (the driver knows the step's context). */
export type CommandData = (state: InstanceState, index: number, attempt: number) => unknown;

export interface MachineOptions {
  /** Ended instances expire after this long (stuck ones wait for an operator). */
  retentionMs: number;
}

/** The command id a step's attempt publishes; its reply names it as `causationid`. */
export const commandId = (state: InstanceState, index: number, attempt: number): string =>
  `${state.sagaId}/${state.round}/${index}/${attempt}`;

export function parseCommandId(
  id: string,
): { sagaId: string; round: number; index: number; attempt: number } | null {
  const parts = id.split('/');
  if (parts.length !== 4) return null;
  const [sagaId, round, index, attempt] = parts as [string, string, string, string];
  const n = [Number(round), Number(index), Number(attempt)];
  if (!sagaId || n.some((x) => !Number.isInteger(x) || x < 0)) return null;
  return { sagaId, round: n[0]!, index: n[1]!, attempt: n[2]! };
}

/** Starts attempt `attempt` of forward step `index`; a command step publishes and waits. */
export function enterStep(
  d: Draft,
  def: SagaDefinition,
  index: number,
  attempt: number,
  data: CommandData,
  operator?: Operator,
): void {
  const command = def.steps[index]?.command;
  d.put({ phase: 'run', step: index, attempt });
  d.emit('saga.step.started', 'running', {
    step: stepRef(d.state, index),
    attempt,
    ...(command ? { commandEventId: commandId(d.state, index, attempt) } : {}),
    ...operator,
  });
  if (command) dispatch(d, def, index, attempt, data);
}

/** Publishes the command of a step's attempt and parks the instance until the reply or the deadline. */
export function dispatch(
  d: Draft,
  def: SagaDefinition,
  index: number,
  attempt: number,
  data: CommandData,
): void {
  const step = def.steps[index]!;
  const command = step.command!;
  const id = commandId(d.state, index, attempt);
  d.command(command.topic, id, command.type, data(d.view(), index, attempt));
  const deadline = d.now + (step.timeoutMs ?? 0);
  d.put({ phase: 'await', wake: deadline, cmd: id });
  d.release = true;
  d.timer = deadline;
}

export function stepSucceeded(
  d: Draft,
  def: SagaDefinition,
  output: unknown,
  options: MachineOptions,
  data: CommandData,
  reply?: { replyEventId: string },
): void {
  const s = d.state;
  const i = s.step;
  d.put({ [`out:${i}`]: JSON.stringify(output ?? null), done: i + 1 });
  const command = s.phase === 'await' ? { commandEventId: s.raw.cmd } : {};
  d.emit('saga.step.completed', 'running', {
    step: stepRef(s, i),
    attempt: s.attempt,
    payload: output,
    ...command,
    ...reply,
  });
  if (i + 1 < def.steps.length) enterStep(d, def, i + 1, 1, data);
  else d.emit('saga.completed', 'completed').end(options.retentionMs);
}

/** A failed (or timed-out) attempt: another attempt after a backoff, or compensation. */
export function stepFailed(
  d: Draft,
  def: SagaDefinition,
  error: SagaError,
  how: { timedOut: boolean; permanent: boolean },
  options: MachineOptions,
): void {
  const s = d.state;
  const policy = def.steps[s.step]!.retry;
  const counted = s.attempt - s.attemptBase;
  const type = how.timedOut ? 'saga.step.timed-out' : 'saga.step.failed';
  const ref = { step: stepRef(s, s.step), attempt: s.attempt, error };
  if (!how.permanent && counted < policy.maxAttempts) {
    const delay = backoffMs(policy, counted);
    d.emit(type, 'running', { ...ref, retryInMs: delay });
    d.put({ phase: 'backoff', wake: d.now + delay });
    return;
  }
  failForward(d, type, ref, options);
}

/** The step in flight failed for good (or an operator said so): compensate the completed steps. */
function failForward(
  d: Draft,
  type: 'saga.step.failed' | 'saga.step.timed-out',
  details: { step: { index: number; name: string }; attempt: number; error: SagaError } & Partial<Operator>,
  options: MachineOptions,
): void {
  const s = d.state;
  const next = nextCompensation(s, s.done - 1);
  d.emit(type, next === null ? 'compensated' : 'compensating', details);
  d.put({ failed: s.step, error: JSON.stringify(details.error) });
  beginCompensation(d, next, options);
}

export function backoffOver(d: Draft, def: SagaDefinition, data: CommandData): void {
  enterStep(d, def, d.state.step, d.state.attempt + 1, data);
}

function nextCompensation(s: InstanceState, from: number): number | null {
  for (let j = Math.min(from, s.done - 1); j >= 0; j--) if (s.compensable[j]) return j;
  return null;
}

function beginCompensation(
  d: Draft,
  index: number | null,
  options: MachineOptions,
  operator?: Operator,
): void {
  if (index === null) {
    d.emit('saga.compensated', 'compensated').end(options.retentionMs);
    return;
  }
  d.put({ phase: 'comp', step: index, attempt: 1, abase: 0 });
  d.emit('saga.compensation.started', 'compensating', {
    step: stepRef(d.state, index),
    attempt: 1,
    ...operator,
  });
}

export function compensationSucceeded(d: Draft, options: MachineOptions): void {
  const s = d.state;
  d.emit('saga.compensation.completed', 'compensating', { step: stepRef(s, s.step), attempt: s.attempt });
  beginCompensation(d, nextCompensation(s, s.step - 1), options);
}

export function compensationFailed(d: Draft, def: SagaDefinition, error: SagaError): void {
  const s = d.state;
  const policy = def.steps[s.step]!.compensationRetry;
  const counted = s.attempt - s.attemptBase;
  const ref = { step: stepRef(s, s.step), attempt: s.attempt, error };
  if (counted < policy.maxAttempts) {
    const delay = backoffMs(policy, counted);
    d.emit('saga.compensation.failed', 'compensating', { ...ref, retryInMs: delay });
    d.put({ phase: 'comp-backoff', wake: d.now + delay });
    return;
  }
  d.emit('saga.compensation.failed', 'stuck', ref);
  d.emit('saga.stuck', 'stuck', ref).end(null);
}

export function compensationBackoffOver(d: Draft): void {
  const s = d.state;
  d.put({ phase: 'comp', attempt: s.attempt + 1 });
  d.emit('saga.compensation.started', 'compensating', { step: stepRef(s, s.step), attempt: s.attempt + 1 });
}

export function lateReply(
  d: Draft,
  index: number,
  attempt: number,
  commandEventId: string,
  replyEventId: string,
): void {
  d.emit('saga.step.late-reply', d.state.status, {
    step: stepRef(d.state, index),
    // the reply belongs to the round of its command, maybe an earlier one
    round: parseCommandId(commandEventId)?.round ?? d.state.round,
    attempt,
    commandEventId,
    replyEventId,
  });
}

// ---- operator actions (no definition needed) ----

export type OperatorAction = 'retry' | 'compensate' | 'abort' | 'resolve';

/** The statuses each operator action accepts (the transition script checks them again). */
export const ALLOWED: Record<OperatorAction, readonly string[]> = {
  retry: ['stuck', 'compensated'],
  compensate: ['running'],
  abort: ['running', 'compensating', 'stuck'],
  resolve: ['stuck'],
};

export function operatorAction(
  d: Draft,
  action: OperatorAction,
  operator: Operator,
  options: MachineOptions,
): void {
  const s = d.state;
  d.release = true;
  d.timer = d.now;
  switch (action) {
    case 'retry':
      d.ttl = '0';
      if (s.status === 'stuck') {
        // the stuck compensation gets a full set of attempts again
        d.put({ phase: 'comp', attempt: s.attempt + 1, abase: s.attempt });
        d.emit('saga.compensation.started', 'compensating', {
          step: stepRef(s, s.step),
          attempt: s.attempt + 1,
          ...operator,
        });
      } else {
        // compensated: every step was undone, so the saga runs again from its first step
        d.put({
          round: s.round + 1,
          step: 0,
          attempt: 1,
          abase: 0,
          done: 0,
          failed: '',
          error: '',
          phase: 'run',
        });
        d.emit('saga.step.started', 'running', { step: stepRef(s, 0), attempt: 1, ...operator });
      }
      return;
    case 'compensate':
      failForward(
        d,
        'saga.step.failed',
        {
          step: stepRef(s, s.step),
          attempt: s.attempt,
          error: {
            name: 'CompensationRequested',
            message: operator.reason ?? 'compensation started by an operator',
          },
          ...operator,
        },
        options,
      );
      return;
    case 'abort':
      d.emit('saga.aborted', 'aborted', { step: stepRef(s, s.step), ...operator }).end(options.retentionMs);
      return;
    case 'resolve':
      d.emit('saga.resolved', 'compensating', { step: stepRef(s, s.step), attempt: s.attempt, ...operator });
      beginCompensation(d, nextCompensation(s, s.step - 1), options);
      return;
  }
}
