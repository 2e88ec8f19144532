import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import type { SagaDefinition } from './definition';
import type { Run } from './run';
import type { InstanceState } from './state';

/**
 * What reply handling (replies.ts) and timer visits (timers.ts) need of the `Sagas` that owns this
 * process's runs: its connection and settings, its lease tokens, and the set of instances it drives.
 */
export interface SagaHost {
  readonly redis: Redis;
  readonly keys: Keys;
  /** The CloudEvents `source` of what the orchestrator publishes. */
  readonly source: string;
  readonly leaseMs: number;
  readonly retentionMs: number;
  /** True once the orchestrator closes: nothing new is started. */
  closing(): boolean;
  /** Whether this process drives the instance now. */
  isActive(sagaId: string): boolean;
  /** A lease token of this process, new on every call. */
  token(): string;
  /** A run of the instance under `token`, not held or started yet. */
  newRun(def: SagaDefinition, state: InstanceState, token: string): Run;
  /** Counts the run as this process's before its first commit (a reply then waits for it). */
  hold(run: Run): void;
  /** Forgets a held run that never committed. */
  drop(sagaId: string): void;
  /** Drives a held run until it hands the instance off; it is forgotten when done. */
  drive(run: Run): void;
  /** A new run of the instance under `token`, held and driven at once. */
  launch(def: SagaDefinition, state: InstanceState, token: string): void;
  /** Publishes outbox entries of an instance nobody here drives, then deletes them from its hash. */
  publish(key: string, entries: [string, string][]): Promise<void>;
}
