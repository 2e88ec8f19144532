/** The streams page's sentences about figures; the figures themselves come from components/lib/format. */
import { formatCompact, formatCount, formatDuration } from '@/components/lib/format';
import type { Retention } from '@/server/contracts/bus-state';

/** The topic registry's retention: "≈ 50K entries" (MAXLEN ~) or "1d max age" (MINID by age). */
export function describeRetention(retention: Retention): string {
  if ('maxLen' in retention) return `≈ ${formatCompact(retention.maxLen)} entries`;
  return `${formatDuration(retention.maxAgeMs)} max age`;
}

/** Short axis labels for the idle-time histogram: each bucket by its upper bound ("<10s", "≥1h"). */
export function idleTick(bucket: { label: string; max: number | null }): string {
  return bucket.max === null ? bucket.label : `<${formatDuration(bucket.max)}`;
}

/**
 * What the pending-entry histograms cover. Fewer entries than the sample size means every pending
 * entry was examined (the total comes from a separate, slightly earlier read of Redis).
 */
export function pendingSampleNote(pending: { total: number; sampled: number }, sampleSize: number): string {
  if (pending.total === 0 && pending.sampled === 0) return 'no pending entries';
  if (pending.sampled >= sampleSize && pending.sampled < pending.total) {
    return `oldest ${formatCount(pending.sampled)} of ${formatCount(pending.total)}`;
  }
  return `${formatCount(pending.sampled)} pending`;
}
