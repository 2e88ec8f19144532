import type { TransitionInfo } from './run';

export interface SagaOptions {
  /** How long an orchestrator holds an instance without a transition or a renewal. Default 15 s. */
  leaseMs: number;
  /** How often each registered definition's timer set is polled. Default 250 ms. */
  pollMs: number;
  /** Instances looked at per poll. Default 100. */
  pollBatch: number;
  /** Ended instances (completed, compensated, aborted) expire after this long. Default 7 days. */
  retentionMs: number;
  /** Called after each committed transition of a run in this process (benchmarks, metrics). */
  onTransition?: (info: TransitionInfo) => void;
}

export const DEFAULT_SAGA_OPTIONS: SagaOptions = {
  leaseMs: 15_000,
  pollMs: 250,
  pollBatch: 100,
  retentionMs: 7 * 86_400_000,
};
