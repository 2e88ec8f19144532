import { z } from 'zod';

/**
 * Sagas on the wire: the lifecycle events an orchestrator publishes (server/bus/saga) and the recorder
 * projects into saga_instances and saga_steps, and the definitions a bus announces so that the
 * recorder and the console know the steps of orchestrated and choreographed sagas alike.
 *
 * Every lifecycle event is a CloudEvent on the saga topic with `subject` = the saga id and the
 * instance's correlation id (so traces include it); its `data` is SagaLifecycleData. Event ids are
 * deterministic per transition (saga id, transition sequence), so an event published twice after a
 * crash is one event to the recorder.
 */

/** Where orchestrators publish lifecycle events unless a definition names another topic. */
export const SAGA_TOPIC = 'sagas';

export const SAGA_EVENT_TYPES = [
  'saga.started',
  'saga.step.started',
  'saga.step.completed',
  'saga.step.failed',
  'saga.step.timed-out',
  /** A reply that came after its step had timed out: recorded, changes nothing. */
  'saga.step.late-reply',
  'saga.compensation.started',
  'saga.compensation.completed',
  'saga.compensation.failed',
  'saga.completed',
  'saga.compensated',
  'saga.aborted',
  'saga.stuck',
  /** An operator marked a stuck compensation done by hand. */
  'saga.resolved',
] as const;
export type SagaEventType = (typeof SAGA_EVENT_TYPES)[number];

export const SAGA_STATUSES = [
  'running',
  'completed',
  'compensating',
  'compensated',
  'stuck',
  'aborted',
] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];

export const SagaError = z.object({ name: z.string(), message: z.string() });
export type SagaError = z.infer<typeof SagaError>;

export const SagaLifecycleData = z.object({
  sagaId: z.string().min(1),
  definition: z.object({ name: z.string().min(1), version: z.number().int().positive() }),
  /** The instance's status after this transition. */
  status: z.enum(SAGA_STATUSES),
  /** Increases by one per transition of the instance: the projection's order and idempotency key. */
  seq: z.number().int().nonnegative(),
  /** The step (0-based index and name) this event is about; absent on whole-instance events. */
  step: z.object({ index: z.number().int().nonnegative(), name: z.string().min(1) }).optional(),
  /**
   * 0-based run of the instance: an operator's retry of a compensated instance runs its steps again as
   * the next round. Absent on events written before rounds were recorded: round 0.
   */
  round: z.number().int().nonnegative().optional(),
  /** 1-based attempt of the step or compensation. */
  attempt: z.number().int().positive().optional(),
  error: SagaError.optional(),
  /** Backoff before the next attempt, on a failed attempt that will be retried. */
  retryInMs: z.number().int().nonnegative().optional(),
  /** `saga.started`: the input; `saga.step.completed`: the step's output. Masked like any payload. */
  payload: z.unknown().optional(),
  /** Operator actions: who and why (`saga.aborted`, `saga.resolved`, a retry or compensation started by hand). */
  actor: z.string().optional(),
  reason: z.string().optional(),
  /** The command event a command step published, and the reply that answered it (late or not). */
  commandEventId: z.string().optional(),
  replyEventId: z.string().optional(),
});
export type SagaLifecycleData = z.infer<typeof SagaLifecycleData>;

/**
 * A saga's shape, announced by the bus that defines or declares it (Redis hash of definitions, field
 * `name@version`). Orchestrated: run by server/bus/saga. Choreographed: no orchestrator; the console
 * builds timelines from the named event types, an instance being one correlation id.
 */
export const SagaDefinitionDoc = z.object({
  name: z.string().min(1),
  version: z.number().int().positive(),
  kind: z.enum(['orchestrated', 'choreographed']),
  /** Orchestrated: where its lifecycle events go. */
  topic: z.string().min(1).optional(),
  steps: z
    .array(
      z.object({
        name: z.string().min(1),
        /** Orchestrated: `command` publishes and awaits a reply event; `local` runs a function. */
        action: z.enum(['command', 'local', 'event']),
        timeoutMs: z.number().int().positive().optional(),
        maxAttempts: z.number().int().positive().optional(),
        /** Choreographed: event types that mean the step happened, or that it failed. */
        eventTypes: z.array(z.string().min(1)).optional(),
        failureTypes: z.array(z.string().min(1)).optional(),
        compensation: z
          .object({
            name: z.string().min(1),
            /** Choreographed: event types that mean the compensation happened. */
            eventTypes: z.array(z.string().min(1)).optional(),
          })
          .optional(),
      }),
    )
    .min(1),
  /** When the bus announced it (ISO 8601). */
  announcedAt: z.string(),
});
export type SagaDefinitionDoc = z.infer<typeof SagaDefinitionDoc>;
