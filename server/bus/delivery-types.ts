import type { Redis } from 'ioredis';
import type { DeliveryOutcome } from '@/server/contracts/envelope';
import type { AckBatcher } from './ack-batcher';
import type { CircuitBreaker } from './circuit-breaker';
import type { HandlerContext } from './handler-context';
import type { Keys } from './keys';
import type { ConsumeMiddleware } from './middleware';
import type { RetryPolicy } from './retry';
import type { SchemaRegistry } from './schema-registry';
import type { TelemetryChannel } from './telemetry';
import type { BusLogger, Handler } from './types';
import type { Watchdog } from './watchdog';

/** One entry in this consumer's hands: read, claimed or waiting for a retry. */
export interface Delivery {
  topic: string;
  /** true when the entry came from the group's redelivery stream of the topic (see lanes.ts). */
  redelivery?: boolean;
  entryId: string;
  /** null when the entry was trimmed from the stream while pending. */
  flat: string[] | null;
  attempt: number;
  firstFailureAt?: number;
}

export interface DeliveryDeps {
  redis: Redis;
  keys: Keys;
  group: string;
  consumer: string;
  handler: Handler;
  middleware: readonly ConsumeMiddleware[];
  schemas: SchemaRegistry | undefined;
  retry: RetryPolicy;
  watchdog: Watchdog;
  breaker: CircuitBreaker | null;
  acker: AckBatcher<DeliveryNote | null>;
  telemetry: TelemetryChannel | null;
  log: BusLogger;
  stopSignal: AbortSignal;
  stats: Record<DeliveryOutcome, number>;
  /** Handlers running now, so that stopping can abort the signals they asked for. */
  running: Set<HandlerContext>;
}

export type RetryDecision = { retryInMs: number; next: Delivery } | null;

/** What waits for an ack's reply: enough for the telemetry record, never the event itself. */
export class DeliveryNote {
  constructor(
    readonly eventId: string,
    readonly type: string,
    readonly correlationId: string | undefined,
    readonly attempt: number,
    readonly durationMs: number,
    /** What the ack reports once it lands: the handler ran, or the event was a duplicate. */
    readonly outcome: 'handled' | 'duplicate' = 'handled',
  ) {}
}
