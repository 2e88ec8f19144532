/** The events the bus benchmarks send, in the SDK's wire format, and the pacing loop. */
import { buildEnvelope } from '@/server/bus';
import { sleep } from './support';

export const SERVICE = 'bench';
export const SOURCE = `/services/${SERVICE}`;
export const TYPE = 'order.placed';
/** What the SDK sends for a topic with the default retention ({ maxLen: 100_000 }): raw sends the same. */
export const DEFAULT_TRIM = ['MAXLEN', '~', '100000'] as const;

export interface OrderPlaced {
  orderId: string;
  customerId: string;
  status: string;
  currency: string;
  totalCents: number;
  items: { sku: string; qty: number; priceCents: number }[];
  channel: string;
  region: string;
}

/** A small realistic payload, about 240 bytes of JSON. */
export function orderPayload(i: number): OrderPlaced {
  return {
    orderId: `ord-${String(i).padStart(8, '0')}`,
    customerId: `cus-${String((i * 7_919) % 100_000).padStart(6, '0')}`,
    status: 'placed',
    currency: 'EUR',
    totalCents: 1_000 + (i % 9_000),
    items: [
      { sku: `SKU-${1_000 + (i % 97)}`, qty: 1 + (i % 3), priceCents: 1_999 },
      { sku: 'SKU-2002', qty: 1, priceCents: 499 },
    ],
    channel: 'web',
    region: 'eu-west-1',
  };
}

export const sequenceOf = (n: number): string => String(n).padStart(16, '0');

/** The SDK's wire format: the CloudEvents envelope as JSON in one stream field `event`. */
export function serializedEnvelope(i: number, data: unknown = orderPayload(i)): string {
  return JSON.stringify(buildEnvelope(SOURCE, { type: TYPE, data }, sequenceOf(i + 1)));
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** XREADGROUP's reply as ioredis returns it. */
export type EntryReply = [string, [string, string[]][]][] | null;

export function eventField(fields: readonly string[]): string {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'event') return fields[i + 1]!;
  throw new Error('entry without an "event" field');
}

/**
 * Sends `rate` events/s for `totalMs`: every ~1 ms it sends what is due, so the average rate is exact
 * and bursts stay small (about rate/1,000 events). Returns how many it sent.
 */
export async function pace(rate: number, totalMs: number, send: (i: number) => void): Promise<number> {
  const total = Math.round((rate * totalMs) / 1_000);
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1_000) + 1);
    while (sent < due) send(sent++);
    await sleep(1);
  }
  return total;
}
