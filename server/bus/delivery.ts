import type { Redis } from 'ioredis';
import type { DeadLetterCategory, DeliveryOutcome, Envelope } from '@/server/contracts/envelope';
import type { AckBatcher, AckSettled } from './ack-batcher';
import type { CircuitBreaker } from './circuit-breaker';
import { asError, classify } from './classify';
import { decodeEntry } from './codec';
import { runHandling } from './context';
import { deadLetterFields, DEAD_LETTER_MAXLEN, type Failure } from './dead-letters';
import { DecodeError, HandlerTimeoutError } from './errors';
import type { Keys } from './keys';
import { composeConsume, type ConsumeMiddleware } from './middleware';
import { backoffMs, type RetryPolicy } from './retry';
import type { SchemaRegistry } from './schema-registry';
import type { TelemetryChannel } from './telemetry';
import type { BusLogger, DeliveryContext, Handler } from './types';
import type { Watchdog } from './watchdog';

/** One entry in this consumer's hands: read, claimed or waiting for a retry. */
export interface Delivery {
  topic: string;
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

/** The handler's `ctx`. Its AbortController exists only if the handler reads `signal`. */
export class HandlerContext implements DeliveryContext {
  private controller: AbortController | null = null;

  constructor(
    readonly topic: string,
    readonly group: string,
    readonly consumer: string,
    readonly entryId: string,
    readonly attempt: number,
    private readonly stopSignal: AbortSignal,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopSignal.aborted) this.controller.abort(this.stopSignal.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    this.controller?.abort(reason);
  }
}

/**
 * Runs one delivery to its end state: handled (then acked), scheduled for a retry (returned), or
 * dead-lettered and acked atomically. A handler that returns synchronously completes synchronously:
 * the common case allocates no promise here. Never throws: Redis failures leave the entry pending,
 * and crash recovery or the next attempt picks it up.
 */
export function runDelivery(d: DeliveryDeps, delivery: Delivery): RetryDecision | Promise<RetryDecision> {
  const started = performance.now();
  if (delivery.flat === null) {
    return deadLetter(d, delivery, null, {}, trimmedFailure(delivery), false).then(() => null);
  }
  if (delivery.attempt > d.retry.maxAttempts) return redeliveryLimit(d, delivery);
  const decoded = decodeEntry(delivery.flat);
  if (!decoded.ok) return fail(d, delivery, null, decoded.fields, new DecodeError(decoded.reason), started);
  const envelope = decoded.envelope;
  const ctx = new HandlerContext(
    delivery.topic,
    d.group,
    d.consumer,
    delivery.entryId,
    delivery.attempt,
    d.stopSignal,
  );
  let result: unknown;
  try {
    const event = (d.schemas ? d.schemas.upcastToLatest(envelope) : envelope) as Envelope & { data: unknown };
    result =
      d.middleware.length === 0
        ? runHandling(event, () => d.handler(event, ctx))
        : runHandling(
            event,
            composeConsume(d.middleware, async () => void (await d.handler(event, ctx)), event, ctx),
          );
  } catch (error) {
    return fail(d, delivery, envelope, decoded.fields, error, started);
  }
  if (!isThenable(result)) {
    succeed(d, delivery, envelope, started);
    return null;
  }
  return awaitHandler(d, ctx, result).then(
    () => {
      succeed(d, delivery, envelope, started);
      return null;
    },
    (error: unknown) => fail(d, delivery, envelope, decoded.fields, error, started),
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
  );
}

function awaitHandler(d: DeliveryDeps, ctx: HandlerContext, result: PromiseLike<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const watch = d.watchdog.watch(() => {
      const error = new HandlerTimeoutError(d.watchdog.timeoutMs);
      ctx.abort(error);
      d.running.delete(ctx);
      reject(error);
    });
    d.running.add(ctx);
    result.then(
      () => {
        d.watchdog.unwatch(watch);
        d.running.delete(ctx);
        resolve();
      },
      (error: unknown) => {
        d.watchdog.unwatch(watch);
        d.running.delete(ctx);
        reject(error);
      },
    );
  });
}

/** What waits for an ack's reply: enough for the telemetry record, never the event itself. */
export class DeliveryNote {
  constructor(
    readonly eventId: string,
    readonly type: string,
    readonly correlationId: string | undefined,
    readonly attempt: number,
    readonly durationMs: number,
  ) {}
}

function succeed(d: DeliveryDeps, delivery: Delivery, envelope: Envelope, started: number): void {
  d.breaker?.success();
  const note = d.telemetry
    ? new DeliveryNote(
        envelope.id,
        envelope.type,
        envelope.correlationid,
        delivery.attempt,
        performance.now() - started,
      )
    : null;
  d.acker.ack(delivery.topic, delivery.entryId, note);
}

/** What the ack batcher calls with each ack's fate. */
export function ackSettled(
  d: Pick<DeliveryDeps, 'stats' | 'telemetry' | 'log'>,
): AckSettled<DeliveryNote | null> {
  return (topic, entryId, note, acked) => {
    const outcome = acked ? 'handled' : 'ack-refused';
    d.stats[outcome] += 1;
    if (note !== null) {
      d.telemetry?.record(
        outcome,
        topic,
        entryId,
        note.eventId,
        note.type,
        note.correlationId,
        note.attempt,
        note.durationMs,
      );
    }
    if (!acked) d.log.warn({ topic, entryId }, 'ack refused: the entry was reclaimed by another consumer');
  };
}

async function fail(
  d: DeliveryDeps,
  delivery: Delivery,
  envelope: Envelope | null,
  fields: Record<string, string>,
  thrown: unknown,
  started: number,
): Promise<RetryDecision> {
  const error = asError(thrown);
  const { category, retryable } = classify(error);
  if (retryable) d.breaker?.failure();
  const now = Date.now();
  const failure: Failure = {
    attempts: delivery.attempt,
    firstFailureAt: delivery.firstFailureAt ?? now,
    lastFailureAt: now,
    error,
    category,
  };
  const durationMs = performance.now() - started;
  if (retryable && delivery.attempt < d.retry.maxAttempts && !d.stopSignal.aborted) {
    report(d, 'retried', delivery, envelope, durationMs, error, category);
    await rememberFailure(d, delivery, failure);
    return {
      retryInMs: backoffMs(d.retry, delivery.attempt),
      next: { ...delivery, attempt: delivery.attempt + 1, firstFailureAt: failure.firstFailureAt },
    };
  }
  if (retryable && d.stopSignal.aborted) return null; // stays pending: released to crash recovery
  report(d, 'failed', delivery, envelope, durationMs, error, category);
  await deadLetter(d, delivery, envelope, fields, failure, true);
  return null;
}

/** Delivered more often than `maxAttempts` without an ack: its consumers keep crashing on it. */
async function redeliveryLimit(d: DeliveryDeps, delivery: Delivery): Promise<RetryDecision> {
  const error = new Error(
    `delivered ${delivery.attempt} times without an ack: its consumers crashed or stalled`,
  );
  error.name = 'RedeliveryLimitError';
  const now = Date.now();
  const failure: Failure = {
    attempts: delivery.attempt,
    firstFailureAt: delivery.firstFailureAt ?? now,
    lastFailureAt: now,
    error,
    category: 'poison',
  };
  const decoded = decodeEntry(delivery.flat ?? []);
  await deadLetter(d, delivery, decoded.ok ? decoded.envelope : null, decoded.fields, failure, true);
  return null;
}

async function rememberFailure(d: DeliveryDeps, delivery: Delivery, failure: Failure): Promise<void> {
  const record = JSON.stringify({
    attempts: failure.attempts,
    firstFailureAt: failure.firstFailureAt,
    lastFailureAt: failure.lastFailureAt,
    error: failure.error.message.slice(0, 500),
  });
  await d.redis.hset(d.keys.failures(delivery.topic, d.group), delivery.entryId, record).catch(() => 0);
}

async function deadLetter(
  d: DeliveryDeps,
  delivery: Delivery,
  envelope: Envelope | null,
  fields: Record<string, string>,
  failure: Failure,
  requireOwner: boolean,
): Promise<void> {
  const stream = d.keys.stream(delivery.topic);
  const args = deadLetterFields({
    topic: delivery.topic,
    stream,
    entryId: delivery.entryId,
    group: d.group,
    consumer: d.consumer,
    fields,
    envelope,
    failure,
  });
  try {
    const id = await d.redis.elDeadLetter(
      stream,
      d.keys.deadLetters(delivery.topic),
      d.keys.failures(delivery.topic, d.group),
      d.group,
      d.consumer,
      delivery.entryId,
      String(DEAD_LETTER_MAXLEN),
      requireOwner ? '1' : '0',
      ...args,
    );
    if (id === null) {
      report(d, 'ack-refused', delivery, envelope, null, failure.error, failure.category);
      return;
    }
    report(d, 'dead-lettered', delivery, envelope, null, failure.error, failure.category);
    d.log.warn(
      {
        topic: delivery.topic,
        entryId: delivery.entryId,
        category: failure.category,
        err: failure.error.message,
      },
      'dead-lettered',
    );
  } catch (error) {
    d.log.warn(
      { err: (error as Error).message, entryId: delivery.entryId },
      'dead-letter write failed; entry stays pending',
    );
  }
}

function trimmedFailure(delivery: Delivery): Failure {
  const now = Date.now();
  const error = new Error('the entry was trimmed from the stream while it was pending');
  error.name = 'TrimmedError';
  return {
    attempts: delivery.attempt,
    firstFailureAt: delivery.firstFailureAt ?? now,
    lastFailureAt: now,
    error,
    category: 'trimmed',
  };
}

function report(
  d: DeliveryDeps,
  outcome: DeliveryOutcome,
  delivery: Delivery,
  envelope: Envelope | null,
  durationMs: number | null,
  error: Error | null,
  category: DeadLetterCategory | null,
): void {
  d.stats[outcome] += 1;
  d.telemetry?.record(
    outcome,
    delivery.topic,
    delivery.entryId,
    envelope?.id,
    envelope?.type,
    envelope?.correlationid,
    delivery.attempt,
    durationMs,
    category,
    error?.message ?? null,
  );
}
