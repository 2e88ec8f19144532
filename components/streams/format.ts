/** Display formatters of the streams page. Pure. */
import { formatDuration } from '@/components/lib/format';
import type { Retention } from '@/server/contracts/bus-state';
import { KEEPING_UP_SECONDS, type ClearEstimate } from './time-to-clear';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : integer.format(n);
}

/** Per-second rates: "0", "0.4", "12.3", "1,204". */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '—';
  if (perSec === 0) return '0';
  if (Math.abs(perSec) < 0.1) return perSec > 0 ? '<0.1' : '>-0.1';
  if (Math.abs(perSec) < 100) return (Math.round(perSec * 10) / 10).toString();
  return integer.format(perSec);
}

export function formatShare(rate: number): string {
  if (rate === 0) return '0%';
  if (rate < 0.001) return '<0.1%';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** The topic registry's retention: "≈ 50K entries" (MAXLEN ~) or "1d max age" (MINID by age). */
export function formatRetention(retention: Retention): string {
  if ('maxLen' in retention) return `≈ ${compact.format(retention.maxLen)} entries`;
  return `${formatAge(retention.maxAgeMs)} max age`;
}

const AGE_UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/** A configured age in its largest whole unit ("1d", "90m"), else as a duration. */
export function formatAge(ms: number): string {
  for (const [unit, size] of AGE_UNITS) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return formatDuration(ms);
}

/** Idle times from Redis: "25 ms", "4s", "2m 5s". */
export function formatIdle(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return formatDuration(ms);
}

export function formatEstimate(estimate: ClearEstimate): string {
  switch (estimate.kind) {
    case 'caught-up':
      return 'caught up';
    case 'keeping-up':
      return 'keeping up';
    case 'not-draining':
      return 'not draining';
    case 'unknown':
      return '—';
    case 'draining':
      return estimate.seconds < 1 ? '< 1s' : `≈ ${formatDuration(estimate.seconds * 1_000)}`;
  }
}

/** The tooltip behind an estimate: how it was worked out. */
export function explainEstimate(estimate: ClearEstimate, lag: number | null): string {
  switch (estimate.kind) {
    case 'caught-up':
      return 'Every entry has been delivered to the group.';
    case 'keeping-up':
      return `A lag of ${formatCount(lag)} is under ${KEEPING_UP_SECONDS} s of traffic: entries in flight, not a backlog.`;
    case 'unknown':
      return `No estimate: ${estimate.reason}.`;
    case 'not-draining':
    case 'draining': {
      const how =
        estimate.drain.source === 'rates'
          ? 'handled minus published per second, last minute'
          : 'change of the recorded lag, last minute';
      const net = `${formatRate(estimate.drain.perSec)}/s`;
      return estimate.kind === 'draining'
        ? `Lag ${formatCount(lag)} ÷ net drain ${net} (${how}).`
        : `The lag is not shrinking: net drain ${net} (${how}).`;
    }
  }
}

/** Short axis labels for the idle-time histogram: each bucket by its upper bound ("<10s", "≥1h"). */
export function idleTick(bucket: { label: string; max: number | null }): string {
  return bucket.max === null ? bucket.label : `<${formatAge(bucket.max)}`;
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
