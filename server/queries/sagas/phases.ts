/** saga_steps rows (one per attempt) as the timeline's phases: a step's forward run, or its compensation. */
import type { sagaSteps } from '@/db/schema';
import type { SagaPhase } from '@/server/contracts/sagas';

export type StepRow = typeof sagaSteps.$inferSelect;

type Outcome = SagaPhase['attempts'][number]['outcome'];

/** The phase of the attempts (ordered by attempt), and the type that masks its payload; null for none. */
export function phaseOf(attempts: readonly StepRow[]): { phase: SagaPhase; payloadType: string | null } | null {
  const first = attempts[0];
  const last = attempts[attempts.length - 1];
  if (!first || !last) return null;
  // the newest payload wins: a retried step's output is its last attempt's
  const withPayload = attempts.findLast((a) => a.payload !== null);
  const phase: SagaPhase = {
    name: last.name,
    status: last.status,
    startedAt: iso(first.startedAt),
    endedAt: iso(last.endedAt),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: iso(a.startedAt),
      endedAt: iso(a.endedAt),
      outcome: outcomeOf(a),
      error: a.error ?? null,
      retryInMs: a.retryInMs,
    })),
    lateReplies: attempts.flatMap((a) => a.lateReplies.map((r) => ({ at: r.at, eventId: r.eventId }))),
    ...(withPayload ? { payload: withPayload.payload } : {}),
    eventIds: attempts.flatMap((a) => a.eventIds),
  };
  return { phase, payloadType: withPayload?.payloadType ?? null };
}

/** A declared step or compensation the instance has not reached: pending, or skipped once it ended. */
export function placeholder(name: string, ended: boolean): SagaPhase {
  return {
    name,
    status: ended ? 'skipped' : 'pending',
    startedAt: null,
    endedAt: null,
    attempts: [],
    lateReplies: [],
    eventIds: [],
  };
}

/** An attempt's own outcome: a stuck or hand-resolved compensation attempt had failed. */
function outcomeOf(row: StepRow): Outcome {
  switch (row.status) {
    case 'completed':
    case 'failed':
    case 'timed-out':
    case 'running':
      return row.status;
    case 'stuck':
      return 'failed';
    case 'resolved':
      return row.error ? 'failed' : 'completed';
    default:
      return 'running';
  }
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;
