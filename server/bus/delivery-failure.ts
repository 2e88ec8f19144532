import type { DeadLetterCategory, DeliveryOutcome, Envelope } from '@/server/contracts/envelope';
import { asError, classify } from './classify';
import { decodeEntry } from './codec';
import { deadLetterFields, DEAD_LETTER_MAXLEN, type Failure } from './dead-letters';
import { DeliveryNote, type Delivery, type DeliveryDeps, type RetryDecision } from './delivery-types';
import { DuplicateDeliveryError } from './errors';
import { laneFailures, laneStream } from './lanes';
import { backoffMs } from './retry';

/*
 * The ways a delivery can end other than handled: scheduled for a retry, dead-lettered (with the ack
 * in the same script), or refused because another consumer owns the entry now.
 */

export async function fail(
  d: DeliveryDeps,
  delivery: Delivery,
  envelope: Envelope | null,
  fields: Record<string, string>,
  thrown: unknown,
  started: number,
): Promise<RetryDecision> {
  const error = asError(thrown);
  if (error instanceof DuplicateDeliveryError && (error.handled || canRetry(d, delivery))) {
    return duplicate(d, delivery, envelope, error, performance.now() - started);
  }
  const { category, retryable } = classify(error);
  if (retryable) d.breaker?.failure();
  const failure = failureNow(delivery, error, category);
  const durationMs = performance.now() - started;
  if (retryable && canRetry(d, delivery)) {
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

const canRetry = (d: DeliveryDeps, delivery: Delivery): boolean =>
  delivery.attempt < d.retry.maxAttempts && !d.stopSignal.aborted;

/**
 * The idempotent consumer's verdict, reported as `duplicate` (no retry, no failure, no breaker count):
 * handled already, the entry is acked; being handled elsewhere, it is tried again later. One still
 * held elsewhere after its last attempt takes the failure path instead.
 */
function duplicate(
  d: DeliveryDeps,
  delivery: Delivery,
  envelope: Envelope | null,
  error: DuplicateDeliveryError,
  durationMs: number,
): RetryDecision {
  if (error.handled) {
    const note = new DeliveryNote(
      error.eventId,
      envelope?.type ?? '',
      envelope?.correlationid,
      delivery.attempt,
      durationMs,
      'duplicate',
    );
    d.acker.ack(delivery.topic, delivery.entryId, note, delivery.redelivery);
    return null;
  }
  report(d, 'duplicate', delivery, envelope, durationMs, error, null);
  return {
    retryInMs: backoffMs(d.retry, delivery.attempt),
    next: { ...delivery, attempt: delivery.attempt + 1 },
  };
}

/** Delivered more often than `maxAttempts` without an ack: its consumers keep crashing on it. */
export async function redeliveryLimit(d: DeliveryDeps, delivery: Delivery): Promise<RetryDecision> {
  const error = new Error(
    `delivered ${delivery.attempt} times without an ack: its consumers crashed or stalled`,
  );
  error.name = 'RedeliveryLimitError';
  const failure = failureNow(delivery, error, 'poison');
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
  await d.redis.hset(laneFailures(d.keys, d.group, delivery), delivery.entryId, record).catch(() => 0);
}

export async function deadLetter(
  d: DeliveryDeps,
  delivery: Delivery,
  envelope: Envelope | null,
  fields: Record<string, string>,
  failure: Failure,
  requireOwner: boolean,
): Promise<void> {
  // an entry of the redelivery stream fails into the same topic's dead letters, under the same group
  const stream = laneStream(d.keys, d.group, delivery);
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
      laneFailures(d.keys, d.group, delivery),
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

export function trimmedFailure(delivery: Delivery): Failure {
  const error = new Error('the entry was trimmed from the stream while it was pending');
  error.name = 'TrimmedError';
  return failureNow(delivery, error, 'trimmed');
}

/** This attempt's failure, dated now, keeping when the entry first failed. */
function failureNow(delivery: Delivery, error: Error, category: DeadLetterCategory): Failure {
  const now = Date.now();
  return {
    attempts: delivery.attempt,
    firstFailureAt: delivery.firstFailureAt ?? now,
    lastFailureAt: now,
    error,
    category,
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
