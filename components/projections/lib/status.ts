/** How each projection status looks: its tone (colour only for meaning) and its words, in one place. */
import type { Tone } from '@/components/ui/tone';
import type { ProjectionRunStatus } from '@/server/contracts/projections';

export const PROJECTION_STATUS_TONE: Record<ProjectionRunStatus, Tone> = {
  running: 'ok',
  // an operator's choice: not failing, but nothing moves
  paused: 'degraded',
  rebuilding: 'replayed',
  stalled: 'failing',
};

export const PROJECTION_STATUS_LABEL: Record<ProjectionRunStatus, string> = {
  running: 'Running',
  paused: 'Paused',
  rebuilding: 'Rebuilding',
  stalled: 'Stalled',
};

export const PROJECTION_STATUS_HINT: Record<ProjectionRunStatus, string> = {
  running: 'A live process holds it and applies new events',
  paused: 'Paused by an operator in every process; resume to go on',
  rebuilding: 'A new generation builds from the start of every topic; reads are served by the active one',
  stalled: 'No live process holds it: start a service that registers it, or wait for a standby to take over',
};
