/** Redis replies (XINFO GROUPS / CONSUMERS / STREAM, extended XPENDING) read into contract shapes. */
import type { ConsumerInfo, GroupInfo, PendingEntry } from '@/server/contracts/bus-state';

export function toGroup(r: Record<string, unknown>): GroupInfo {
  return {
    name: String(r.name),
    consumers: Number(r.consumers ?? 0),
    pending: Number(r.pending ?? 0),
    lastDeliveredId: String(r['last-delivered-id'] ?? '0-0'),
    entriesRead: nullableNumber(r['entries-read']),
    lag: nullableNumber(r.lag),
    oldestPendingId: null,
    consumerList: [],
  };
}

export function toConsumer(r: Record<string, unknown>): ConsumerInfo {
  return {
    name: String(r.name),
    pending: Number(r.pending ?? 0),
    idleMs: Number(r.idle ?? 0),
    inactiveMs: nullableNumber(r.inactive),
  };
}

export function toPendingEntry(row: unknown[]): PendingEntry {
  return {
    id: String(row[0]),
    consumer: String(row[1]),
    idleMs: Number(row[2] ?? 0),
    deliveries: Number(row[3] ?? 0),
  };
}

export function entryId(entry: unknown): string | null {
  return Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
}

export function nonZeroId(value: unknown): string | null {
  return typeof value === 'string' && value !== '0-0' ? value : null;
}

export function nullableNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** The smallest pending id from an XPENDING summary reply (`[count, smallest, greatest, consumers]`). */
export function oldestPendingId(summary: unknown): string | null {
  if (!Array.isArray(summary) || Number(summary[0] ?? 0) <= 0) return null;
  return typeof summary[1] === 'string' ? summary[1] : null;
}
