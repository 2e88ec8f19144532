/**
 * Newly stored events -> what they change in saga_instances and saga_steps. Pure. Lifecycle events
 * (SAGA_EVENT_TYPES, any topic) carry SagaLifecycleData; one whose data does not validate stays an
 * ordinary recorded event and is counted. Events whose type a declared choreography names change the
 * instance of that definition and correlation id. Every other event costs two set lookups.
 */
import {
  SAGA_EVENT_TYPES,
  SagaLifecycleData,
  type SagaError,
  type SagaEventType,
  type SagaStatus,
} from '@/server/contracts/saga-events';
import type { SagaLateReply } from '@/db/schema';
import type { ChoreographyMatch } from './saga-choreographies';
import type { EventRow } from './projection-rows';
import { indexedText, storableText } from './storable';

export type SagaPhaseStatus = 'running' | 'completed' | 'failed' | 'timed-out' | 'stuck' | 'resolved';

/** One event's effect on its instance. `seq` orders them (choreographies: the event time in ms). */
export interface InstanceChange {
  sagaId: string;
  definition: { name: string; version: number };
  kind: 'orchestrated' | 'choreographed';
  status: SagaStatus;
  seq: number;
  /** The instance's round (saga-events.ts): a later round's failure, or none, replaces an earlier one's. */
  round: number;
  atMs: number;
  correlationId: string | null;
  step: { index: number; name: string } | null;
  failed: { index: number; name: string; error: SagaError | null } | null;
  /** JSON text. */
  input: string | null;
}

/** One event's effect on one attempt of a step or of its compensation, in one round of the instance. */
export interface StepChange {
  sagaId: string;
  /** Events written before rounds were recorded carry none: round 0. */
  round: number;
  index: number;
  phase: 'step' | 'compensation';
  attempt: number;
  name: string;
  seq: number;
  /** Null: the event does not change the attempt's status (a late reply). */
  status: SagaPhaseStatus | null;
  startedMs: number | null;
  endedMs: number | null;
  error: SagaError | null;
  retryInMs: number | null;
  lateReply: SagaLateReply | null;
  /** JSON text, and the event type whose masking rules apply to it. */
  payload: string | null;
  payloadType: string | null;
  eventIds: string[];
}

export interface SagaChanges {
  instances: InstanceChange[];
  steps: StepChange[];
  /** Lifecycle events whose data is not SagaLifecycleData: recorded as events only. */
  invalid: number;
}

const LIFECYCLE: ReadonlySet<string> = new Set(SAGA_EVENT_TYPES);
const TERMINAL: ReadonlySet<SagaStatus> = new Set(['completed', 'compensated', 'aborted']);

export const isTerminal = (status: SagaStatus): boolean => TERMINAL.has(status);

/** The lookup the batch writer needs: none of the rows' types means no saga work at all. */
export type ChoreographyLookup = (type: string) => readonly ChoreographyMatch[] | undefined;

export function sagaChanges(rows: readonly EventRow[], choreographies: ChoreographyLookup): SagaChanges {
  const out: SagaChanges = { instances: [], steps: [], invalid: 0 };
  for (const row of rows) {
    if (LIFECYCLE.has(row.type)) {
      if (!lifecycleChanges(row, out)) out.invalid += 1;
      continue;
    }
    const matches = choreographies(row.type);
    if (matches) for (const match of matches) choreographyChanges(row, match, out);
  }
  return out;
}

function lifecycleChanges(row: EventRow, out: SagaChanges): boolean {
  if (row.foreign || row.decodeError !== null || row.dataJson === null) return false;
  let json: unknown;
  try {
    json = JSON.parse(row.dataJson);
  } catch {
    return false;
  }
  const parsed = SagaLifecycleData.safeParse(json);
  if (!parsed.success) return false;
  const data = parsed.data;
  const type = row.type as SagaEventType;
  const sagaId = indexedText(data.sagaId);
  const step = data.step ? { index: data.step.index, name: storableText(data.step.name) } : null;
  const error = data.error ? cleanError(data.error) : null;
  const payload = data.payload === undefined ? null : JSON.stringify(data.payload);
  const failing =
    (type === 'saga.step.failed' || type === 'saga.step.timed-out') && data.status !== 'running';
  out.instances.push({
    sagaId,
    definition: { name: indexedText(data.definition.name), version: data.definition.version },
    kind: 'orchestrated',
    status: data.status,
    seq: data.seq,
    round: data.round ?? 0,
    atMs: row.timeMs,
    correlationId: row.correlationId,
    step,
    failed: failing && step ? { ...step, error } : null,
    input: type === 'saga.started' ? payload : null,
  });
  const effect = step ? STEP_EFFECTS[type] : undefined;
  if (!effect || !step) return true;
  const status = effect.status === 'from-data' ? compensationFailure(data.status) : effect.status;
  const eventIds = [row.eventId, data.commandEventId, data.replyEventId].flatMap((id) =>
    id === undefined ? [] : [indexedText(id)],
  );
  out.steps.push({
    sagaId,
    round: data.round ?? 0,
    index: step.index,
    phase: effect.phase,
    attempt: data.attempt ?? 1,
    name: step.name,
    seq: data.seq,
    status,
    startedMs: effect.starts ? row.timeMs : null,
    endedMs: effect.ends ? row.timeMs : null,
    error,
    retryInMs: data.retryInMs ?? null,
    lateReply:
      type === 'saga.step.late-reply'
        ? { seq: data.seq, at: new Date(row.timeMs).toISOString(), eventId: data.replyEventId ?? null }
        : null,
    payload: effect.payload ? payload : null,
    payloadType: effect.payload && payload !== null ? row.type : null,
    eventIds,
  });
  return true;
}

interface StepEffect {
  phase: 'step' | 'compensation';
  /** 'from-data': a failed compensation is `stuck` when the instance is. */
  status: SagaPhaseStatus | null | 'from-data';
  starts?: boolean;
  ends?: boolean;
  payload?: boolean;
}

/** What each lifecycle event that names a step does to that step's attempt. */
const STEP_EFFECTS: Partial<Record<SagaEventType, StepEffect>> = {
  'saga.step.started': { phase: 'step', status: 'running', starts: true },
  'saga.step.completed': { phase: 'step', status: 'completed', ends: true, payload: true },
  'saga.step.failed': { phase: 'step', status: 'failed', ends: true },
  'saga.step.timed-out': { phase: 'step', status: 'timed-out', ends: true },
  'saga.step.late-reply': { phase: 'step', status: null },
  'saga.compensation.started': { phase: 'compensation', status: 'running', starts: true },
  'saga.compensation.completed': { phase: 'compensation', status: 'completed', ends: true, payload: true },
  'saga.compensation.failed': { phase: 'compensation', status: 'from-data', ends: true },
  'saga.stuck': { phase: 'compensation', status: 'stuck' },
  'saga.resolved': { phase: 'compensation', status: 'resolved', ends: true },
};

const compensationFailure = (instance: SagaStatus): SagaPhaseStatus =>
  instance === 'stuck' ? 'stuck' : 'failed';

const cleanError = (error: SagaError): SagaError => ({
  name: storableText(error.name).slice(0, 200),
  message: storableText(error.message).slice(0, 4_000),
});

/**
 * A choreography's event: the step happened, failed, or was compensated. The instance is the
 * definition's for this correlation id; events without one belong to no instance.
 */
function choreographyChanges(row: EventRow, match: ChoreographyMatch, out: SagaChanges): void {
  if (row.correlationId === null) return;
  const sagaId = indexedText(`${match.definition.name}:${row.correlationId}`);
  const step = { index: match.stepIndex, name: storableText(match.stepName) };
  const error = match.role === 'failure' ? failureError(row) : null;
  out.instances.push({
    sagaId,
    definition: match.definition,
    kind: 'choreographed',
    status: choreographyStatus(match),
    seq: row.timeMs,
    round: 0,
    atMs: row.timeMs,
    correlationId: row.correlationId,
    step,
    failed: match.role === 'failure' ? { ...step, error } : null,
    input: null,
  });
  out.steps.push({
    sagaId,
    // a choreography has no orchestrator to run it again
    round: 0,
    index: match.stepIndex,
    phase: match.role === 'compensation' ? 'compensation' : 'step',
    attempt: 1,
    name: storableText(match.phaseName),
    seq: row.timeMs,
    status: match.role === 'failure' ? 'failed' : 'completed',
    startedMs: row.timeMs,
    endedMs: row.timeMs,
    error,
    retryInMs: null,
    lateReply: null,
    payload: match.role === 'failure' ? null : row.dataJson,
    payloadType: match.role === 'failure' || row.dataJson === null ? null : row.type,
    eventIds: [row.eventId],
  });
}

/**
 * Compensations run in reverse, so the compensation of the first undoable step is the last one: after
 * it the instance is compensated. A failure with nothing before it to undo ends the instance.
 */
function choreographyStatus(match: ChoreographyMatch): SagaStatus {
  switch (match.role) {
    case 'step':
      return match.last ? 'completed' : 'running';
    case 'failure':
      return match.undoableBefore ? 'compensating' : 'aborted';
    case 'compensation':
      return match.undoableBefore ? 'compensating' : 'compensated';
  }
}

/** A failure event's own words when its data has them (`message`, `error`, `reason`), else its type. */
function failureError(row: EventRow): SagaError {
  let message: string = row.type;
  if (row.dataJson !== null && row.dataJson.startsWith('{')) {
    try {
      const data = JSON.parse(row.dataJson) as Record<string, unknown>;
      const said = [data.message, data.error, data.reason].find((v) => typeof v === 'string');
      if (typeof said === 'string' && said !== '') message = said.slice(0, 4_000);
    } catch {
      // dataJson is jsonb text the projection produced: it parses; if not, the type says enough
    }
  }
  return { name: row.type, message };
}
