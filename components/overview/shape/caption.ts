import { formatStep } from '@/components/charts/time-axis';
import type { MetricRange } from '@/server/contracts/metrics';
import { RANGE_PHRASE } from '../overview-params';

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/**
 * "Events published per second over the last hour, 10 s steps", and, when the axis starts late
 * because recording began inside the range, "· recorded since 14:02".
 */
export function chartCaption(
  what: string,
  range: MetricRange,
  view?: { stepSeconds: number; recordedSince: number | null },
  format: (ms: number) => string = (ms) => clock.format(ms),
): string {
  let text = `${what} over ${RANGE_PHRASE[range]}`;
  if (view) text += `, ${formatStep(view.stepSeconds)} steps`;
  if (view && view.recordedSince !== null) text += ` · recorded since ${format(view.recordedSince)}`;
  return text;
}
