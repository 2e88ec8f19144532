import {
  MAX_STUCK_LISTED,
  PENDING_DELIVERY_BUCKETS,
  PENDING_IDLE_BUCKETS_MS,
  type HistogramBucket,
  type PendingEntry,
  type PendingSummary,
} from '@/server/contracts/bus-state';

/** Histograms and stuck entries of a sample of pending entries (oldest first, as XPENDING returns them). */
export function summarizePending(
  entries: readonly PendingEntry[],
  total: number,
  stuckAfterMs: number,
): PendingSummary {
  const idleHistogram = idleBuckets();
  const deliveryHistogram = deliveryBuckets();
  const stuck: PendingEntry[] = [];
  let stuckCount = 0;
  for (const entry of entries) {
    bucketFor(idleHistogram, entry.idleMs).count += 1;
    bucketFor(deliveryHistogram, entry.deliveries).count += 1;
    if (entry.idleMs >= stuckAfterMs) {
      stuckCount += 1;
      if (stuck.length < MAX_STUCK_LISTED) stuck.push(entry);
    }
  }
  return {
    total: Math.max(total, entries.length),
    sampled: entries.length,
    oldestId: entries[0]?.id ?? null,
    idleHistogram,
    deliveryHistogram,
    stuckCount,
    stuck,
  };
}

function bucketFor(buckets: HistogramBucket[], value: number): HistogramBucket {
  return buckets.find((b) => value >= b.min && (b.max === null || value < b.max)) ?? buckets[0]!;
}

function idleBuckets(): HistogramBucket[] {
  const bounds = [0, ...PENDING_IDLE_BUCKETS_MS];
  return bounds.map((min, i) => {
    const max = PENDING_IDLE_BUCKETS_MS[i] ?? null;
    return { label: max === null ? `≥${ms(min)}` : `${ms(min)}–${ms(max)}`, min, max, count: 0 };
  });
}

function deliveryBuckets(): HistogramBucket[] {
  return PENDING_DELIVERY_BUCKETS.map((min, i) => {
    const next = PENDING_DELIVERY_BUCKETS[i + 1];
    const max = next ?? null;
    const label = max === null ? `${min}+` : max - 1 === min ? String(min) : `${min}–${max - 1}`;
    return { label, min, max, count: 0 };
  });
}

/** 0, 1s, 30s, 1m, 15m, 1h: the shortest exact unit. */
function ms(value: number): string {
  if (value === 0) return '0';
  if (value % 3_600_000 === 0) return `${value / 3_600_000}h`;
  if (value % 60_000 === 0) return `${value / 60_000}m`;
  return `${value / 1_000}s`;
}
