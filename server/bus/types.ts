import type { Envelope } from '@/server/contracts/envelope';
import type { BreakerOptions } from './circuit-breaker';
import type { RetryPolicy } from './retry';

/** Structural logger: pino, console-like wrappers, or nothing. */
export interface BusLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: BusLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface DeliveryContext {
  topic: string;
  group: string;
  consumer: string;
  /** The Redis stream entry id (not the event's identity: dedupe on `event.source` + `event.id`). */
  entryId: string;
  /** 1 on first delivery. */
  attempt: number;
  /** Aborted when the handler times out or the subscription stops. */
  signal: AbortSignal;
}

export type Handler<T = unknown> = (
  event: Envelope & { data: T },
  ctx: DeliveryContext,
) => unknown | Promise<unknown>;

export interface SubscribeOptions {
  /** Handlers running at once; a read never takes more entries than there are free slots. Default 32. */
  concurrency?: number;
  /** Handle events of the same `subject` one at a time, in stream order. Default false. */
  orderBySubject?: boolean;
  /** A handler running longer fails with a `timeout` error (retryable). Default 30 s. */
  handlerTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  breaker?: Partial<BreakerOptions> | false;
  /** Where a new group starts: only events published from now on, or the whole stream. Default 'new'. */
  from?: 'new' | 'start';
  /** Entries idle this long on another consumer are reclaimed (crash recovery). Default 30 s. */
  claimIdleMs?: number;
  /** Max entries per read. Default 100. */
  batchSize?: number;
  /** How long one read blocks. Default 1 s. */
  blockMs?: number;
  /** How often wildcard patterns look for new topics. Default 1 s. */
  topicRefreshMs?: number;
  /** Consumer name; defaults to `<service>-<host>-<pid>-<random>`. */
  consumer?: string;
  /**
   * The handler's effects are idempotent (delivering an event twice does no harm). Published with the
   * consumer's presence so that a replay preview can tell which groups are safe to send events again.
   * Default false (not declared).
   */
  idempotent?: boolean;
}

export interface StopOptions {
  /** How long to let in-flight handlers finish before releasing their entries. Default 10 s. */
  timeoutMs?: number;
}
