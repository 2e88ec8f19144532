import { SAGA_TOPIC, type SagaDefinitionDoc } from '@/server/contracts/saga-events';
import { InvalidEventError } from '../errors';
import { DEFAULT_RETRY, type RetryPolicy } from '../retry';
import { assertTopic } from '../topics';

/** What a step's action or compensation gets. */
export interface StepContext<I, O> {
  sagaId: string;
  correlationId: string;
  input: I;
  /** Outputs of the steps completed so far, by step name. */
  outputs: Partial<O>;
  step: { index: number; name: string };
  /** 1-based; keeps counting across an operator's retry. */
  attempt: number;
  /**
   * The same for every attempt of this step (or of its compensation) in this instance: the step in
   * flight when a process dies runs again elsewhere, so effects dedupe on this key.
   */
  idempotencyKey: string;
  /** Aborted when the orchestrator loses the instance (lease lost, operator action) or closes. */
  signal: AbortSignal;
}

/** Publishes a command and waits for a reply event whose `causationid` is the command's id. */
export interface CommandAction<I, O> {
  topic: string;
  type: string;
  data: (ctx: StepContext<I, O>) => unknown;
  reply: {
    topic: string;
    /** Reply types that complete the step; the reply's data becomes the step's output. */
    types: readonly string[];
    /** Reply types that fail the step for good (no retry: the service decided). */
    failureTypes?: readonly string[];
  };
}

export type LocalAction<I, O, R> = (ctx: StepContext<I, O>) => Promise<R> | R;

export interface StepSpec<I, O, K extends keyof O & string> {
  name: K;
  action: LocalAction<I, O, O[K]> | CommandAction<I, O>;
  /** Undoes the step's effect; runs (in reverse order) when a later step fails for good. */
  compensate?: (ctx: StepContext<I, O>) => Promise<unknown> | unknown;
  /** Name of the compensation on the console. Default `undo-<step>`. */
  compensationName?: string;
  /** A local action slower than this, or a command unanswered for this long, times out (an attempt lost). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Retries of the compensation; after the last one the instance is `stuck`. */
  compensationRetry?: Partial<RetryPolicy>;
}

/** Any one step of the saga, typed by its name's output. */
export type AnyStep<I, O> = { [K in keyof O & string]: StepSpec<I, O, K> }[keyof O & string];

export interface SagaSpec<I, O> {
  name: string;
  version: number;
  /** Where lifecycle events go. Default `sagas`. */
  topic?: string;
  steps: readonly AnyStep<I, O>[];
}

/** A step as the orchestrator runs it: defaults applied. */
export interface RunStep {
  name: string;
  local: LocalAction<unknown, Record<string, unknown>, unknown> | null;
  command: CommandAction<unknown, Record<string, unknown>> | null;
  compensate: ((ctx: StepContext<unknown, Record<string, unknown>>) => unknown) | null;
  compensationName: string;
  timeoutMs: number | null;
  retry: RetryPolicy;
  compensationRetry: RetryPolicy;
}

export interface SagaDefinition<I = unknown, O = Record<string, unknown>> {
  kind: 'orchestrated';
  name: string;
  version: number;
  topic: string;
  /** `name@version`: the field of the announced definition and of its timer set. */
  key: string;
  steps: readonly RunStep[];
  /** Type-only: the input and outputs the definition was written for. */
  readonly types?: { input: I; outputs: O };
}

export interface ChoreographySpec {
  name: string;
  version: number;
  steps: readonly {
    name: string;
    eventTypes: readonly string[];
    failureTypes?: readonly string[];
    compensation?: { name: string; eventTypes: readonly string[] };
  }[];
}

export interface ChoreographyDefinition extends ChoreographySpec {
  kind: 'choreographed';
  key: string;
}

export const DEFAULT_STEP_RETRY: RetryPolicy = {
  ...DEFAULT_RETRY,
  maxAttempts: 3,
  baseMs: 100,
  maxMs: 10_000,
};
export const DEFAULT_COMPENSATION_RETRY: RetryPolicy = { ...DEFAULT_RETRY, maxAttempts: 5 };
/** A command step without its own timeout waits this long for its reply. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

/**
 * An orchestrated saga: ordered steps, each a local function or a command awaiting its reply, each
 * optionally paired with its compensation. `O` maps step names to their outputs.
 */
export function defineSaga<I, O extends Record<string, unknown> = Record<string, unknown>>(
  spec: SagaSpec<I, O>,
): SagaDefinition<I, O> {
  checkShape(spec.name, spec.version, spec.steps);
  const topic = spec.topic ?? SAGA_TOPIC;
  assertTopic(topic);
  const steps = spec.steps.map((step): RunStep => {
    const local = typeof step.action === 'function' ? step.action : null;
    const command = typeof step.action === 'function' ? null : step.action;
    if (command) {
      assertTopic(command.topic);
      assertTopic(command.reply.topic);
      if (command.reply.types.length === 0)
        throw new InvalidEventError(`step "${step.name}": no reply types`);
    }
    return {
      name: step.name,
      local: local as unknown as RunStep['local'],
      command: command as unknown as RunStep['command'],
      compensate: (step.compensate ?? null) as unknown as RunStep['compensate'],
      compensationName: step.compensationName ?? `undo-${step.name}`,
      timeoutMs: step.timeoutMs ?? (command ? DEFAULT_COMMAND_TIMEOUT_MS : null),
      retry: { ...DEFAULT_STEP_RETRY, ...step.retry },
      compensationRetry: { ...DEFAULT_COMPENSATION_RETRY, ...step.compensationRetry },
    };
  });
  return { kind: 'orchestrated', name: spec.name, version: spec.version, topic, key: key(spec), steps };
}

/** A hand-choreographed workflow, only announced: the console builds its timelines from these events. */
export function declareChoreography(spec: ChoreographySpec): ChoreographyDefinition {
  checkShape(spec.name, spec.version, spec.steps);
  return { ...spec, kind: 'choreographed', key: key(spec) };
}

/** The announced shape of a definition (SagaDefinitionDoc). */
export function definitionDoc(
  definition: SagaDefinition | ChoreographyDefinition,
  announcedAt: string,
): SagaDefinitionDoc {
  const common = { name: definition.name, version: definition.version, announcedAt };
  if (definition.kind === 'choreographed') {
    return {
      ...common,
      kind: 'choreographed',
      steps: definition.steps.map((step) => ({
        name: step.name,
        action: 'event' as const,
        eventTypes: [...step.eventTypes],
        ...(step.failureTypes ? { failureTypes: [...step.failureTypes] } : {}),
        ...(step.compensation
          ? { compensation: { name: step.compensation.name, eventTypes: [...step.compensation.eventTypes] } }
          : {}),
      })),
    };
  }
  return {
    ...common,
    kind: 'orchestrated',
    topic: definition.topic,
    steps: definition.steps.map((step) => ({
      name: step.name,
      action: step.command ? ('command' as const) : ('local' as const),
      ...(step.timeoutMs !== null ? { timeoutMs: step.timeoutMs } : {}),
      maxAttempts: step.retry.maxAttempts,
      ...(step.compensate ? { compensation: { name: step.compensationName } } : {}),
    })),
  };
}

function key(spec: { name: string; version: number }): string {
  return `${spec.name}@${spec.version}`;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function checkShape(name: string, version: number, steps: readonly { name: string }[]): void {
  if (!NAME.test(name)) throw new InvalidEventError(`invalid saga name "${name}"`);
  if (!Number.isInteger(version) || version < 1)
    throw new InvalidEventError(`invalid saga version ${version}`);
  if (steps.length === 0) throw new InvalidEventError(`saga "${name}" has no steps`);
  const names = new Set<string>();
  for (const step of steps) {
    if (!step.name) throw new InvalidEventError(`saga "${name}": a step has no name`);
    if (names.has(step.name)) throw new InvalidEventError(`saga "${name}": step "${step.name}" twice`);
    names.add(step.name);
  }
}
