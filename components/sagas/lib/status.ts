/**
 * What each saga and phase status looks like: its tone (colour only for meaning) and its words. One
 * module, so a status reads the same on the list, the diagram and the timeline.
 */
import type { Tone } from '@/components/ui/tone';
import type { SagaPhase } from '@/server/contracts/sagas';
import type { SagaStatus } from '@/server/contracts/saga-events';

export const SAGA_STATUS_TONE: Record<SagaStatus, Tone> = {
  running: 'neutral',
  completed: 'ok',
  compensating: 'degraded',
  // rolled back as designed: not a failure of the console's making, but not the happy path either
  compensated: 'degraded',
  stuck: 'failing',
  aborted: 'failing',
};

export const SAGA_STATUS_LABEL: Record<SagaStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  compensating: 'Compensating',
  compensated: 'Compensated',
  stuck: 'Stuck',
  aborted: 'Aborted',
};

export type PhaseStatus = SagaPhase['status'];

export const PHASE_STATUS_TONE: Record<PhaseStatus, Tone> = {
  pending: 'neutral',
  running: 'neutral',
  completed: 'ok',
  failed: 'failing',
  'timed-out': 'degraded',
  stuck: 'failing',
  resolved: 'replayed',
  skipped: 'neutral',
};

export type AttemptOutcome = SagaPhase['attempts'][number]['outcome'];

export const ATTEMPT_TONE: Record<AttemptOutcome, Tone> = {
  running: 'neutral',
  completed: 'ok',
  failed: 'failing',
  'timed-out': 'degraded',
};

/** Whether the instance may still change by itself (its timeline and counts are worth refetching). */
export function isActive(status: SagaStatus): boolean {
  return status === 'running' || status === 'compensating';
}
