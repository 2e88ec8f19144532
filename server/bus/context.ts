import { AsyncLocalStorage } from 'node:async_hooks';
import type { Envelope } from '@/server/contracts/envelope';

/** The event being handled, so that events published inside a handler inherit its lineage. */
const handling = new AsyncLocalStorage<Envelope>();

export function runHandling<T>(event: Envelope, work: () => T): T {
  return handling.run(event, work);
}

export function currentEvent(): Envelope | undefined {
  return handling.getStore();
}
