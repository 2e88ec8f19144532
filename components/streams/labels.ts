/** The streams page's sentences about figures; the figures themselves come from components/lib/format. */
import { formatCompact, formatCount, formatDuration, formatRate } from '@/components/lib/format';
import type { Retention } from '@/server/contracts/bus-state';
import { KEEPING_UP_SECONDS, type ClearEstimate } from './time-to-clear';

/** The topic registry's retention: "≈ 50K entries" (MAXLEN ~) or "1d max age" (MINID by age). */
export function describeRetention(retention: Retention): string {
  if ('maxLen' in retention) return `≈ ${formatCompact(retention.maxLen)} entries`;
  return `${formatDuration(retention.maxAgeMs)} max age`;
}

export function describeEstimate(estimate: ClearEstimate): string {
  switch (estimate.kind) {
    case 'caught-up':
      return 'caught up';
    case 'keeping-up':
      return 'keeping up';
    case 'not-draining':
      return 'not draining';
    case 'unknown':
      return '—';
    case 'draining': {
      const ms = estimate.seconds * 1_000;
      return ms < 1_000 ? formatDuration(ms) : `≈ ${formatDuration(ms)}`;
    }
  }
}

/** The tooltip behind an estimate: how it was worked out. */
export function explainEstimate(estimate: ClearEstimate, lag: number | null): string {
  switch (estimate.kind) {
    case 'caught-up':
      return 'Every entry has been delivered to the group.';
    case 'keeping-up':
      return `A lag of ${formatCount(lag)} is under ${formatDuration(KEEPING_UP_SECONDS * 1_000)} of traffic: entries in flight, not a backlog.`;
    case 'unknown':
      return `No estimate: ${estimate.reason}.`;
    case 'not-draining':
    case 'draining': {
      const how =
        estimate.drain.source === 'rates'
          ? 'handled minus published per second, last minute'
          : 'change of the recorded lag, last minute';
      const net = formatRate(estimate.drain.perSec);
      return estimate.kind === 'draining'
        ? `Lag ${formatCount(lag)} ÷ net drain ${net} (${how}).`
        : `The lag is not shrinking: net drain ${net} (${how}).`;
    }
  }
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
