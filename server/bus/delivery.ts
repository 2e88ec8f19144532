import type { Redis } from 'ioredis';
import type { DeliveryOutcome, DeadLetterCategory, Envelope } from '@/server/contracts/envelope';
import type { AckBatcher } from './ack-batcher';
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
import type { TelemetryWriter } from './telemetry';
import type { BusLogger, DeliveryContext, Handler } from './types';

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
  service: string;
  handler: Handler;
  middleware: readonly ConsumeMiddleware[];
  schemas: SchemaRegistry | undefined;
  retry: RetryPolicy;
  handlerTimeoutMs: number;
  breaker: CircuitBreaker | null;
  acker: AckBatcher;
  telemetry: TelemetryWriter | null;
  log: BusLogger;
  stopSignal: AbortSignal;
  stats: Record<DeliveryOutcome, number>;
  /** Handlers running now, so that stopping can abort the signals they asked for. */
  running: Set<RunningHandler>;
}

/** A handler in progress; its AbortController exists only if the handler reads `ctx.signal`. */
export interface RunningHandler {
  controller: AbortController | null;
}

export type RetryDecision = { retryInMs: number; next: Delivery } | null;

/**
 * Runs one delivery to its end state: handled and acked, scheduled for a retry (returned), or
 * dead-lettered and acked atomically. Never throws: Redis failures leave the entry pending, and
 * crash recovery or the next attempt picks it up.
 */
export async function runDelivery(d: DeliveryDeps, delivery: Delivery): Promise<RetryDecision> {
  const started = performance.now();
  let envelope: Envelope | null = null;
  let fields: Record<string, string> = {};
  try {
    if (delivery.flat === null) {
      await deadLetter(d, delivery, null, {}, trimmedFailure(delivery), false);
      return null;
    }
    if (delivery.attempt > d.retry.maxAttempts) {
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
      const decodedForLetter = decodeEntry(delivery.flat);
      await deadLetter(
        d,
        delivery,
        decodedForLetter.ok ? decodedForLetter.envelope : null,
        decodedForLetter.fields,
        failure,
        true,
      );
      return null;
    }
    const decoded = decodeEntry(delivery.flat);
    fields = decoded.fields;
    if (!decoded.ok) throw new DecodeError(decoded.reason);
    envelope = decoded.envelope;
    const event = d.schemas ? d.schemas.upcastToLatest(envelope) : envelope;
    await invoke(d, delivery, event);
    d.breaker?.success();
    const acked = await d.acker.ack(delivery.topic, delivery.entryId);
    report(d, acked ? 'handled' : 'ack-refused', delivery, envelope, performance.now() - started, null, null);
    if (!acked)
      d.log.warn(
        { topic: delivery.topic, entryId: delivery.entryId },
        'ack refused: the entry was reclaimed by another consumer',
      );
    return null;
  } catch (thrown) {
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
}

async function invoke(d: DeliveryDeps, delivery: Delivery, event: Envelope): Promise<void> {
  const running: RunningHandler = { controller: null };
  const stopSignal = d.stopSignal;
  const ctx: DeliveryContext = {
    topic: delivery.topic,
    group: d.group,
    consumer: d.consumer,
    entryId: delivery.entryId,
    attempt: delivery.attempt,
    // created on first use: most handlers never look, and the hot path should not pay for it
    get signal(): AbortSignal {
      if (!running.controller) {
        running.controller = new AbortController();
        if (stopSignal.aborted) running.controller.abort(stopSignal.reason);
      }
      return running.controller.signal;
    },
  };
  let timer: NodeJS.Timeout | undefined;
  d.running.add(running);
  try {
    const run = runHandling(event, () =>
      composeConsume(
        d.middleware,
        async () => void (await d.handler(event as Envelope & { data: unknown }, ctx)),
        event,
        ctx,
      )(),
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new HandlerTimeoutError(d.handlerTimeoutMs);
        running.controller?.abort(error);
        reject(error);
      }, d.handlerTimeoutMs);
    });
    await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
    d.running.delete(running);
  }
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
  d.telemetry?.record({
    outcome,
    topic: delivery.topic,
    group: d.group,
    consumer: d.consumer,
    service: d.service,
    entryId: delivery.entryId,
    eventId: envelope?.id ?? null,
    type: envelope?.type ?? null,
    correlationId: envelope?.correlationid ?? null,
    attempt: delivery.attempt,
    durationMs: durationMs === null ? null : Math.round(durationMs * 1000) / 1000,
    error: error ? error.message.slice(0, 300) : null,
    category,
    at: Date.now(),
  });
}
