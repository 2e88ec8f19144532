import { formatLatency, plural } from '@/components/lib/format';
import type { SagaPhase } from '@/server/contracts/sagas';

/**
 * What a phase's bar says in words ("1.2 s · 3 attempts · 1 timeout · 1 late reply"): the bar's label,
 * and all a screen reader gets of the drawing.
 */
export function phaseFacts(phase: SagaPhase, now: number): string {
  if (!phase.startedAt) return phase.status === 'skipped' ? 'skipped' : 'not run';
  const took = (phase.endedAt ? Date.parse(phase.endedAt) : now) - Date.parse(phase.startedAt);
  const timeouts = phase.attempts.filter((attempt) => attempt.outcome === 'timed-out').length;
  return [
    phase.endedAt ? formatLatency(took) : `${formatLatency(took)} so far`,
    phase.attempts.length > 1 ? plural(phase.attempts.length, 'attempt') : null,
    timeouts > 0 ? plural(timeouts, 'timeout') : null,
    phase.lateReplies.length > 0 ? plural(phase.lateReplies.length, 'late reply', 'late replies') : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
