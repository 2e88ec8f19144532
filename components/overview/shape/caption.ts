import { formatClock, formatDuration } from '@/components/lib/format';
import type { MetricRange } from '@/server/contracts/metrics';
import { RANGE_PHRASE } from '../overview-params';

/**
 * "Events published per second over the last hour, 10s steps", and, when the axis starts late
 * because recording began inside the range, "· recorded since 14:02".
 */
export function chartCaption(
  what: string,
  range: MetricRange,
  view?: { stepSeconds: number; recordedSince: number | null },
  format: (ms: number) => string = (ms) => formatClock(ms, 'minute'),
): string {
  let text = `${what} over ${RANGE_PHRASE[range]}`;
  if (view) text += `, ${formatDuration(view.stepSeconds * 1_000)} steps`;
  if (view && view.recordedSince !== null) text += ` · recorded since ${format(view.recordedSince)}`;
  return text;
}
