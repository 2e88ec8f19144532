import type { Envelope } from '@/server/contracts/envelope';
import type { DeliveryContext } from './types';

/** Runs before XADD; may enrich or validate the envelope, must call `next` to publish. */
export type PublishMiddleware = (
  envelope: Envelope,
  topic: string,
  next: (envelope: Envelope) => Promise<string>,
) => Promise<string>;

/** Wraps a handler; must call `next` for the handler to run. Throwing fails the delivery. */
export type ConsumeMiddleware = (
  event: Envelope,
  ctx: DeliveryContext,
  next: () => Promise<void>,
) => Promise<void>;

export function composePublish(
  middleware: readonly PublishMiddleware[],
  final: (envelope: Envelope) => Promise<string>,
  topic: string,
): (envelope: Envelope) => Promise<string> {
  return middleware.reduceRight<(envelope: Envelope) => Promise<string>>(
    (next, layer) => (envelope) => layer(envelope, topic, next),
    final,
  );
}

export function composeConsume(
  middleware: readonly ConsumeMiddleware[],
  final: () => Promise<void>,
  event: Envelope,
  ctx: DeliveryContext,
): () => Promise<void> {
  return middleware.reduceRight<() => Promise<void>>((next, layer) => () => layer(event, ctx, next), final);
}
