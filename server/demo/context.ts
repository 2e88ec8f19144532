import type { Redis } from 'ioredis';
import type { Bus } from '@/server/bus';
import type { FailureInjector } from './failures';
import type { Dice } from './random';

/** What every demo service gets: the shared connection, its own bus per service, dice and failures. */
export interface DemoContext {
  /** The shared connection, for what the SDK cannot write (the relay's undecodable entries). */
  redis: Redis;
  ratePerSec: number;
  dice: Dice;
  failures: FailureInjector;
  /** Share of investigations whose containment fails and is compensated. */
  containmentFailureRate: number;
  /** Share of the services' undos (a saga's compensations) that fail every attempt: the saga is stuck. */
  stuckCompensationRate: number;
  /** A saga stuck this long with nobody acting on it is resolved by the demo's on-call analyst. */
  stuckResolvedAfterMs: number;
  /** A bus for one service; `schemas: false` for producers that predate the registry. */
  bus(service: string, options?: { schemas?: false }): Bus;
  /**
   * Runs `work` in `ms` (human-scale waits: an analyst working a ticket) without holding a handler.
   * Called in a handler, events published by `work` still join the handled event's correlation.
   */
  later(ms: number, work: () => Promise<unknown>): void;
}

/** A source of traffic, driven by the demo's ticker. */
export interface Producer {
  /** Publishes `count` source events; rejects when the batch could not be written. */
  emit(count: number): Promise<void>;
}
