/**
 * The words for the server's lag model (server/contracts/lag.ts), shared by every page that shows
 * lag: the model decides, these only say it. Figures go through components/lib/format.
 */
import { LAG_VERDICT_TEXT, type LagModel } from '@/server/contracts/lag';
import { formatClock, formatCount, formatDuration, formatRate } from '../format';

/** The verdict in two words: "keeping up", "not draining". */
export const lagVerdict = (model: LagModel): string => LAG_VERDICT_TEXT[model.state];

/** The time-to-clear column: "≈ 4m 30s" while draining, else the verdict ("not draining"). */
export function clearText(model: LagModel): string {
  if (model.clear && model.state === 'draining') return `≈ ${formatDuration(model.clear.seconds * 1_000)}`;
  if (model.state === 'unknown') return '—';
  return lagVerdict(model);
}

/** "likely 3m 30s – 5m", "at least 3m 30s": the range the drain rate's error allows. */
export function clearRange(model: LagModel): string | null {
  if (!model.clear) return null;
  const low = formatDuration(model.clear.minSeconds * 1_000);
  if (model.clear.maxSeconds === null) return `at least ${low}`;
  const high = formatDuration(model.clear.maxSeconds * 1_000);
  return low === high ? null : `likely ${low} – ${high}`;
}

const SURE = { high: 'sure (95 %)', medium: 'fairly sure (68 %)', low: 'not sure' } as const;

/** How sure the trend is, and what it rests on: "sure (95 %), 12 samples over 1m 50s". */
export function trendCertainty(model: LagModel): string {
  if (!model.trend) return 'too few lag samples for a trend yet';
  const { confidence, samples, spanSeconds } = model.trend;
  return `${SURE[confidence]}, ${formatCount(samples)} samples over ${formatDuration(spanSeconds * 1_000)}`;
}

/** "lagging since 12:01:10", "lagging since before 11:46:00"; null when not behind. */
export function laggingSince(model: LagModel): string | null {
  if (!model.laggingSince) return null;
  const clock = formatClock(model.laggingSince.at, 'second');
  return model.laggingSince.sinceBefore ? `lagging since before ${clock}` : `lagging since ${clock}`;
}

/** "oldest pending 2m 14s"; null when nothing is pending. */
export function oldestPending(model: LagModel): string | null {
  return model.oldestPendingAgeMs === null
    ? null
    : `oldest pending ${formatDuration(model.oldestPendingAgeMs)}`;
}

/** One sentence on how the verdict was reached, for a tooltip or a note. */
export function explainLag(model: LagModel): string {
  const lag = formatCount(model.lag);
  switch (model.state) {
    case 'unknown':
      return 'Redis cannot tell this group’s lag.';
    case 'caught-up':
      return 'Every entry has been delivered to the group.';
    case 'keeping-up':
      return `A lag of ${lag} is work in flight: under ${formatCount(model.inFlightAllowance)} entries, a few seconds of the group’s traffic.`;
    default: {
      const trend = model.trend;
      const how = trend
        ? `the lag ${trend.drainPerSec > 0 ? 'falls' : 'rises'} ${formatRate(Math.abs(trend.drainPerSec))} (least squares, ${trendCertainty(model)})`
        : trendCertainty(model);
      if (model.state === 'draining') {
        const range = clearRange(model);
        return `Lag ${lag}: ${how}. Clears in ≈ ${formatDuration((model.clear?.seconds ?? 0) * 1_000)}${range ? ` (${range})` : ''}.`;
      }
      if (model.state === 'not-draining') return `Lag ${lag} is not shrinking: ${how}.`;
      return `Lag ${lag}, direction unclear: ${how}.`;
    }
  }
}
