import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// db imports nothing of the server: these repeat server/contracts/saga-events.ts and sagas.ts, and the
// queries check at compile time that they still match
export const SAGA_INSTANCE_STATUSES = [
  'running',
  'completed',
  'compensating',
  'compensated',
  'stuck',
  'aborted',
] as const;
export const SAGA_STEP_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'timed-out',
  'stuck',
  'resolved',
  'skipped',
] as const;

export interface SagaStepError {
  name: string;
  message: string;
}

export interface SagaLateReply {
  /** The lifecycle event's seq: a late reply recorded twice is kept once. */
  seq: number;
  at: string;
  eventId: string | null;
}

/**
 * Saga instances as the recorder projects them from lifecycle events (orchestrated) and from declared
 * choreographies' events (one instance per definition and correlation id). `last_seq` orders the
 * transitions: an event whose seq is not above it no longer changes the instance's latest-wins columns
 * (status, current step, end), so duplicates and late arrivals change nothing. Choreographies have no
 * seq: their events' time in milliseconds stands in. The failed step is the latest round's: an
 * operator's retry starts a round without one, and an earlier round's failure arriving late stays out.
 */
export const sagaInstances = pgTable(
  'saga_instances',
  {
    sagaId: text('saga_id').primaryKey(),
    definitionName: text('definition_name').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    kind: text('kind', { enum: ['orchestrated', 'choreographed'] }).notNull(),
    status: text('status', { enum: SAGA_INSTANCE_STATUSES }).notNull(),
    correlationId: text('correlation_id'),
    currentStepIndex: integer('current_step_index'),
    currentStepName: text('current_step_name'),
    failedStepIndex: integer('failed_step_index'),
    failedStepName: text('failed_step_name'),
    failedError: jsonb('failed_error').$type<SagaStepError>(),
    input: jsonb('input'),
    startedAt: at('started_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    endedAt: at('ended_at'),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
    /** The latest round (an operator's retry of a compensated instance starts the next one). */
    round: integer('round').notNull().default(0),
  },
  (t) => [
    // the list: by definition and status, newest activity first (also serves definition alone)
    index('saga_instances_definition_idx').on(t.definitionName, t.status, t.updatedAt),
    // the list without a definition filter, and the cursor's order
    index('saga_instances_updated_idx').on(t.updatedAt, t.sagaId),
    // the operator's queue: few rows, so a partial index stays small
    index('saga_instances_stuck_idx')
      .on(t.updatedAt)
      .where(sql`status = 'stuck'`),
    index('saga_instances_correlation_idx')
      .on(t.correlationId)
      .where(sql`correlation_id is not null`),
  ],
);

/**
 * One attempt of a step's forward run (`phase` 'step') or of its compensation in one round of the
 * instance: what the timeline draws.
 * `last_seq` is the seq of the transition that set `status`; `event_ids` the events applied to the row
 * (an event already among them changes nothing).
 */
export const sagaSteps = pgTable(
  'saga_steps',
  {
    sagaId: text('saga_id').notNull(),
    /** The instance's run: an operator's retry of a compensated instance starts the next round. */
    round: integer('round').notNull().default(0),
    stepIndex: integer('step_index').notNull(),
    phase: text('phase', { enum: ['step', 'compensation'] }).notNull(),
    attempt: integer('attempt').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: SAGA_STEP_STATUSES }).notNull(),
    startedAt: at('started_at'),
    endedAt: at('ended_at'),
    error: jsonb('error').$type<SagaStepError>(),
    retryInMs: integer('retry_in_ms'),
    lateReplies: jsonb('late_replies').$type<SagaLateReply[]>().notNull().default([]),
    payload: jsonb('payload'),
    /** The event type whose masking rules apply to `payload` (a lifecycle type, or a choreography's). */
    payloadType: text('payload_type'),
    eventIds: text('event_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'saga_steps_pk', columns: [t.sagaId, t.round, t.stepIndex, t.phase, t.attempt] }),
  ],
);
