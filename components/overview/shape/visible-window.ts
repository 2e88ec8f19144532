import type { MetricsBreakdown } from '@/server/contracts/metrics-breakdown';

/**
 * The first step in which anything was published, epoch ms; null when nothing was (or the first
 * step of the range already has data, so nothing is to be trimmed).
 */
export function firstRecordedStep(published: MetricsBreakdown): number | null {
  const steps = published.t.length;
  for (let i = 0; i < steps; i++) {
    if (published.series.some((series) => (series.values[i] ?? 0) > 0)) {
      return i === 0 ? null : Date.parse(published.t[i] ?? '');
    }
  }
  return null;
}

/** At least this many steps stay on screen, so a minute of history is not stretched over the width. */
export const MIN_VISIBLE_STEPS = 30;

/**
 * The x domain a chart draws, and `recordedSince` when the start was moved for it: the whole range, unless recording began inside it; then from the
 * first recorded step (at least MIN_VISIBLE_STEPS before the end). A demo started five minutes ago
 * then fills the chart instead of a sliver at the right edge of an empty hour. Every chart of the
 * page takes the same start, so their time axes line up.
 */
export function visibleWindow(
  window: { fromMs: number; toMs: number; stepSeconds: number },
  recordedSince: number | null,
): { fromMs: number; toMs: number; recordedSince: number | null } {
  const { fromMs, toMs } = window;
  if (recordedSince === null || recordedSince <= fromMs) return { fromMs, toMs, recordedSince: null };
  const latestStart = toMs - MIN_VISIBLE_STEPS * window.stepSeconds * 1000;
  const start = Math.max(fromMs, Math.min(recordedSince, latestStart));
  return { fromMs: start, toMs, recordedSince };
}
