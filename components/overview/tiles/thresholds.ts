import type { Tone } from '@/components/ui/tone';
import type { LagModel } from '@/server/contracts/lag';
import type { Overview, UnhealthyConsumer } from '@/server/contracts/overview';

/**
 * When a tile turns amber or red. Error-rate bounds match the flow graph's health (5 % degraded,
 * 50 % failing) so the two views agree; the rest is what an operator would want to hear about.
 */
export const THRESHOLDS = {
  errorRate: { degraded: 0.05, failing: 0.5 },
} as const;

/** Below every threshold a tile stays neutral: colour is for what needs attention. */
export function errorRateTone(rate: number): Tone {
  if (rate >= THRESHOLDS.errorRate.failing) return 'failing';
  if (rate >= THRESHOLDS.errorRate.degraded) return 'degraded';
  return 'neutral';
}

/** The server's lag verdict decides, as on Streams and Flows: amber when the lag is not draining. */
export function lagTone(model: LagModel | null): Tone {
  return model?.tone === 'degraded' ? 'degraded' : 'neutral';
}

/** Waiting dead letters need an operator; a fresh one in the last minute means something is failing now. */
export function deadLetterTone(deadLetters: Overview['deadLetters']): Tone {
  if (deadLetters.lastMinute > 0) return 'failing';
  if (deadLetters.pending > 0) return 'degraded';
  return 'neutral';
}

/** Every consumer unhealthy means nothing is being handled: red. Some: amber. */
export function consumersTone(consumers: Overview['consumers']): Tone {
  if (consumers.unhealthy === 0) return 'neutral';
  return consumers.total > 0 && consumers.unhealthy >= consumers.total ? 'failing' : 'degraded';
}

const REASON_LABEL: Record<UnhealthyConsumer['reason'], string> = {
  silent: 'silent',
  'breaker-open': 'breaker open',
  'breaker-half-open': 'breaker half-open',
  'idle-with-pending': 'stuck with pending',
};

/** "2 silent · 1 breaker open", most frequent first. */
export function summarizeReasons(consumers: readonly UnhealthyConsumer[]): string {
  const counts = new Map<UnhealthyConsumer['reason'], number>();
  for (const consumer of consumers) counts.set(consumer.reason, (counts.get(consumer.reason) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${n} ${REASON_LABEL[reason]}`)
    .join(' · ');
}
