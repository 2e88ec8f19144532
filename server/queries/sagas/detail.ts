/**
 * One saga instance as its timeline: the summary, each step paired with its compensation (attempts,
 * late replies, payloads unmasked: the route masks them through server/access/present-saga.ts), the
 * operator actions its lifecycle events record, the dead letters of its correlation id, and what an
 * operator may do now. Steps the instance never reached come from its definition, when one is known.
 * An instance an operator retried after it compensated ran its steps again: each round has its own
 * entries, oldest round first.
 */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters, events, sagaInstances, sagaSteps } from '@/db/schema';
import { letterStatus } from '@/db/dead-letter-status';
import { SAGA_EVENT_TYPES, type SagaDefinitionDoc, type SagaStatus } from '@/server/contracts/saga-events';
import { SAGA_ACTIONS, type SagaAction, type SagaDetail } from '@/server/contracts/sagas';
import { SagaNotFoundError } from '../errors';
import { phaseOf, placeholder } from './phases';
import { summaryColumns, toSagaSummary } from './summary';

/** Dead letters listed with a timeline, at most (the dead-letter list has them all). */
const MAX_DEAD_LETTERS = 100;
const MAX_ACTIONS = 200;

export interface StoredSagaDetail {
  detail: SagaDetail;
  /** The event type whose masking rules apply to each payload (see present-saga.ts). */
  payloadTypes: {
    input: string | null;
    steps: { step: string | null; compensation: string | null }[];
  };
}

export async function getSaga(
  db: Db,
  sagaId: string,
  definitions: readonly SagaDefinitionDoc[],
): Promise<StoredSagaDetail> {
  const [instance] = await db
    .select({ ...summaryColumns, input: sagaInstances.input })
    .from(sagaInstances)
    .where(eq(sagaInstances.sagaId, sagaId))
    .limit(1);
  if (!instance) throw new SagaNotFoundError(sagaId);
  const summary = toSagaSummary(instance);
  const [steps, actions, letters] = await Promise.all([
    db
      .select()
      .from(sagaSteps)
      .where(eq(sagaSteps.sagaId, sagaId))
      .orderBy(asc(sagaSteps.round), asc(sagaSteps.stepIndex), asc(sagaSteps.phase), asc(sagaSteps.attempt)),
    instance.kind === 'orchestrated' && instance.correlationId !== null
      ? operatorActions(db, sagaId, instance.correlationId)
      : Promise.resolve([]),
    instance.correlationId === null
      ? Promise.resolve([])
      : db
          .select({ id: deadLetters.id, eventId: deadLetters.eventId, status: letterStatus('dead_letters') })
          .from(deadLetters)
          .where(eq(deadLetters.correlationId, instance.correlationId))
          .orderBy(asc(deadLetters.lastFailureAt), asc(deadLetters.id))
          .limit(MAX_DEAD_LETTERS),
  ]);

  const definition = definitions.find(
    (d) => d.name === instance.definitionName && d.version === instance.definitionVersion,
  );
  const count = Math.max(definition?.steps.length ?? 0, ...steps.map((s) => s.stepIndex + 1));
  const lastRound = Math.max(0, ...steps.map((s) => s.round));
  const timeline: SagaDetail['steps'] = [];
  const payloadTypes: StoredSagaDetail['payloadTypes'] = { input: 'saga.started', steps: [] };
  for (let round = 0; round <= lastRound; round++) {
    const ofRound = steps.filter((s) => s.round === round);
    // an earlier round is over: what it did not reach, it skipped
    const ended = round < lastRound || summary.endedAt !== null;
    for (let index = 0; index < count; index++) {
      const declared = definition?.steps[index];
      const forward = phaseOf(ofRound.filter((s) => s.stepIndex === index && s.phase === 'step'));
      const back = phaseOf(ofRound.filter((s) => s.stepIndex === index && s.phase === 'compensation'));
      // lifecycle events name the step a compensation undoes: its own name is the definition's
      const compensationName = declared?.compensation?.name;
      const compensation = back && compensationName ? { ...back.phase, name: compensationName } : back?.phase;
      timeline.push({
        index,
        round,
        step: forward?.phase ?? placeholder(declared?.name ?? `step ${index + 1}`, ended),
        compensation:
          compensation ?? (compensationName === undefined ? null : placeholder(compensationName, ended)),
      });
      payloadTypes.steps.push({
        step: forward?.payloadType ?? null,
        compensation: back?.payloadType ?? null,
      });
    }
  }
  if (instance.kind === 'choreographed') payloadTypes.input = null;

  return {
    detail: {
      summary,
      ...(instance.input === null ? {} : { input: instance.input }),
      steps: timeline,
      actions,
      deadLetters: letters,
      allowedActions: allowedActions(summary.kind, summary.status),
    },
    payloadTypes,
  };
}

/** The lifecycle events an operator caused (they name an actor), oldest first. */
async function operatorActions(db: Db, sagaId: string, correlationId: string) {
  const rows = await db
    .select({
      time: events.time,
      type: events.type,
      actor: sql<string | null>`${events.data}->>'actor'`,
      reason: sql<string | null>`${events.data}->>'reason'`,
    })
    .from(events)
    .where(
      and(
        eq(events.correlationId, correlationId),
        inArray(events.type, [...SAGA_EVENT_TYPES]),
        sql`${events.data}->>'sagaId' = ${sagaId}`,
        isNotNull(sql`${events.data}->>'actor'`),
      ),
    )
    .orderBy(asc(events.time))
    .limit(MAX_ACTIONS);
  return rows.map((row) => ({
    action: ACTION_OF[row.type] ?? row.type,
    actor: row.actor,
    reason: row.reason,
    at: row.time.toISOString(),
  }));
}

/** The operator action a lifecycle event with an actor records. */
const ACTION_OF: Record<string, SagaAction> = {
  // a run again from the first step (after compensated), or a stuck compensation tried again
  'saga.step.started': 'retry',
  'saga.compensation.started': 'retry',
  // compensation asked for: the step in flight fails by hand
  'saga.step.failed': 'compensate',
  'saga.aborted': 'abort',
  'saga.resolved': 'resolve',
};

/** The statuses each operator action accepts (as the orchestrator's transitions do). */
const ACCEPTS: Record<SagaAction, readonly SagaStatus[]> = {
  retry: ['stuck', 'compensated'],
  compensate: ['running'],
  abort: ['running', 'compensating', 'stuck'],
  resolve: ['stuck'],
};

/**
 * What an operator may do to the instance now (their permission aside). A choreography has no
 * orchestrator to act, so nothing.
 */
export function allowedActions(kind: 'orchestrated' | 'choreographed', status: SagaStatus): SagaAction[] {
  if (kind === 'choreographed') return [];
  return SAGA_ACTIONS.filter((action) => ACCEPTS[action].includes(status));
}
