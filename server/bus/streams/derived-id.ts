import { createHash } from 'node:crypto';

/**
 * The id of a result a processor publishes, derived from the processor and what caused it: a result
 * published again (a redelivery, a crash before the outbox entry was deleted) keeps its id, so that
 * consumers deduping on `id` + `source` see it once. Formatted as an RFC 9562 UUIDv8.
 */
export function derivedId(processor: string, cause: string): string {
  const hex = createHash('sha1').update(processor).update('\u0000').update(cause).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The event's time in ms (CloudEvents `time`); when absent or unreadable, now. */
export function eventTimeMs(time: string | undefined): number {
  const ms = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isFinite(ms) ? ms : Date.now();
}
