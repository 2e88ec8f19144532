import type { Envelope } from '@/server/contracts/envelope';
import type { AckSettled } from './ack-batcher';
import { decodeEntry, decodeFailure } from './codec';
import { runHandling } from './context';
import { deadLetter, fail, redeliveryLimit, trimmedFailure } from './delivery-failure';
import { DeliveryNote, type Delivery, type DeliveryDeps, type RetryDecision } from './delivery-types';
import { HandlerTimeoutError } from './errors';
import { HandlerContext } from './handler-context';
import { composeConsume } from './middleware';

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
  if (!decoded.ok) return fail(d, delivery, null, decoded.fields, decodeFailure(decoded), started);
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
  d.acker.ack(delivery.topic, delivery.entryId, note, delivery.redelivery);
}

/** What the ack batcher calls with each ack's fate. */
export function ackSettled(
  d: Pick<DeliveryDeps, 'stats' | 'telemetry' | 'log'>,
): AckSettled<DeliveryNote | null> {
  return (topic, entryId, note, acked) => {
    const outcome = acked ? (note?.outcome ?? 'handled') : 'ack-refused';
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
