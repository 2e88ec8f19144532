import { z } from 'zod';
import { MaskInfo } from './masking';
import { Instant, intParam, oneOrMany, queryObject, single } from './query-params';
import { SAGA_STATUSES, SagaDefinitionDoc, SagaError } from './saga-events';

/**
 * Saga instances as the console and the CLI read them (`GET /api/sagas*`, `GET /api/saga-definitions`)
 * and the operator actions on them (`POST /api/sagas/{id}/{action}`). Projected by the recorder from
 * lifecycle events (orchestrated) and from declared choreographies' events (saga-events.ts).
 */

export const SagaStepRef = z.object({ index: z.number().int().nonnegative(), name: z.string() });

/** One row of the Sagas page. Times are ISO 8601. */
export const SagaSummary = z.object({
  sagaId: z.string(),
  definition: z.object({ name: z.string(), version: z.number().int() }),
  kind: z.enum(['orchestrated', 'choreographed']),
  status: z.enum(SAGA_STATUSES),
  /** The trace of the instance (choreographed: the instance's own id). */
  correlationId: z.string().nullable(),
  /** The step running or compensating now; the last one reached once the instance ended. */
  currentStep: SagaStepRef.nullable(),
  /** The step whose failure started compensation, with its error. */
  failedStep: SagaStepRef.extend({ error: SagaError.nullable() }).nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type SagaSummary = z.infer<typeof SagaSummary>;

export const SagaPage = z.object({ items: z.array(SagaSummary), nextCursor: z.string().nullable() });
export type SagaPage = z.infer<typeof SagaPage>;

/** `GET /api/sagas` query (filters AND together); newest activity first. */
export const SagaListQuery = queryObject({
  definition: single(256).optional(),
  status: oneOrMany(SAGA_STATUSES.length, 32)
    .pipe(z.array(z.enum(SAGA_STATUSES)))
    .optional(),
  /** `true`: stuck instances only (the operator's queue). */
  stuck: z.enum(['true', 'false']).optional(),
  correlationId: single(256).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  cursor: single(512).optional(),
  limit: intParam(1, 500).default(100),
});
export type SagaListQuery = z.infer<typeof SagaListQuery>;

/** `GET /api/sagas/{id}` (and the actions under it): the saga id. */
export const SagaParams = z.object({ id: single(512) });

export const SAGA_PHASE_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'timed-out',
  /** Compensation only: gave up after its attempts; the instance is stuck. */
  'stuck',
  /** Compensation only: an operator marked it done by hand. */
  'resolved',
  'skipped',
] as const;

/** A step's forward run or its compensation, on the timeline. */
export const SagaPhase = z.object({
  name: z.string(),
  status: z.enum(SAGA_PHASE_STATUSES),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  attempts: z.array(
    z.object({
      attempt: z.number().int().positive(),
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
      outcome: z.enum(['running', 'completed', 'failed', 'timed-out']),
      error: SagaError.nullable(),
      retryInMs: z.number().int().nullable(),
    }),
  ),
  /** Replies that came after the step had timed out (recorded, ignored). */
  lateReplies: z.array(z.object({ at: z.string(), eventId: z.string().nullable() })),
  /** The step's output or the compensation's result, masked for the caller. */
  payload: z.unknown().optional(),
  /** Lifecycle or choreography events of this phase (ids into the trace). */
  eventIds: z.array(z.string()),
});
export type SagaPhase = z.infer<typeof SagaPhase>;

/**
 * `GET /api/sagas/{id}`: the instance, each step paired with its compensation, and its links. An
 * operator's retry of a compensated instance runs its steps again as the next round: `steps` then
 * holds every step once per round, ordered by round and index.
 */
export const SagaDetail = z.object({
  summary: SagaSummary,
  /** The input, masked for the caller. */
  input: z.unknown().optional(),
  steps: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      /** The 0-based round this entry's attempts ran in. */
      round: z.number().int().nonnegative(),
      step: SagaPhase,
      /** Null when the step declares no compensation. */
      compensation: SagaPhase.nullable(),
    }),
  ),
  /** Operator actions and their outcome, oldest first. */
  actions: z.array(
    z.object({
      action: z.string(),
      actor: z.string().nullable(),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
  deadLetters: z.array(z.object({ id: z.string(), eventId: z.string().nullable(), status: z.string() })),
  /** Which operator actions this instance allows now (the caller's permission aside). */
  allowedActions: z.array(z.enum(['retry', 'compensate', 'abort', 'resolve'])),
  masking: MaskInfo.optional(),
});
export type SagaDetail = z.infer<typeof SagaDetail>;

/** `GET /api/saga-definitions`: each definition with live counts per status, step and compensation. */
export const SagaDefinitionSummary = SagaDefinitionDoc.extend({
  instances: z.record(z.enum(SAGA_STATUSES), z.number().int()),
  steps: z.array(
    SagaDefinitionDoc.shape.steps.element.extend({
      /** Instances whose current step this is, by what they are doing there. */
      running: z.number().int(),
      failed: z.number().int(),
      compensating: z.number().int(),
      compensated: z.number().int(),
      stuck: z.number().int(),
    }),
  ),
});
export type SagaDefinitionSummary = z.infer<typeof SagaDefinitionSummary>;

export const SAGA_ACTIONS = ['retry', 'compensate', 'abort', 'resolve'] as const;
export type SagaAction = (typeof SAGA_ACTIONS)[number];

/** `POST /api/sagas/{id}/{action}` body. `resolve` needs a reason; the others take one optionally. */
export const SagaActionRequest = z.strictObject({
  reason: z.string().trim().min(1).max(1_000).optional(),
  /**
   * The status the caller saw: the action applies only while the instance is still in it (409 when it
   * moved on), so that a double click or a second operator cannot act twice. A `retry` without it acts
   * on a stuck instance only: re-running a compensated saga from its first step takes
   * `expectStatus: "compensated"`.
   */
  expectStatus: z.enum(SAGA_STATUSES).optional(),
});
export type SagaActionRequest = z.infer<typeof SagaActionRequest>;

/** `POST /api/sagas/{id}/{action}` path: the saga id and the action. */
export const SagaActionParams = SagaParams.extend({ action: z.enum(SAGA_ACTIONS) });

/**
 * `POST /api/sagas/{id}/{action}` answer: the instance's status in Redis right after the action. The
 * store (and so `GET /api/sagas/{id}`) shows it once the recorder has projected the lifecycle events.
 */
export const SagaActionResult = z.object({
  sagaId: z.string(),
  action: z.enum(SAGA_ACTIONS),
  /** The status the action found. */
  from: z.enum(SAGA_STATUSES),
  /** The status it left. */
  status: z.enum(SAGA_STATUSES),
  /** The audit row that records it. */
  auditId: z.number().int(),
});
export type SagaActionResult = z.infer<typeof SagaActionResult>;
