/** Figures as the flow graph shows them: short enough for a node, exact enough to compare. Pure. */
import { formatDuration } from '@/components/lib/format';

/** 0 → "0", 0.04 → "<0.1", 0.35 → "0.4", 7.25 → "7.3", 48.6 → "49", 12_400 → "12.4k". */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '0';
  if (perSec < 0.1) return '<0.1';
  if (perSec < 10) return trimZero(perSec.toFixed(1));
  if (perSec < 1_000) return String(Math.round(perSec));
  if (perSec < 1_000_000) return `${trimZero((perSec / 1_000).toFixed(1))}k`;
  return `${trimZero((perSec / 1_000_000).toFixed(1))}M`;
}

/** 999 → "999", 12_345 → "12,345", 123_456 → "123k", 4_500_000 → "4.5M". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) < 100_000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) < 1_000_000) return `${Math.round(n / 1_000)}k`;
  return `${trimZero((n / 1_000_000).toFixed(1))}M`;
}

/** 0 → "0%", 0.0004 → "<0.1%", 0.052 → "5.2%", 0.5 → "50%". */
export function formatPercent(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return '0%';
  const percent = rate * 100;
  if (percent < 0.1) return '<0.1%';
  if (percent < 10) return `${trimZero(percent.toFixed(1))}%`;
  return `${Math.round(percent)}%`;
}

/** How long the oldest waiting entry has waited: 400 → "<1s", 130_000 → "2m 10s". */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1_000) return '<1s';
  return formatDuration(ms);
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}
