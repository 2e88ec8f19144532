import type { Tone } from '@/components/ui/tone';
import type { TraceOutcome } from '@/server/contracts/traces';

/** A delivery's final outcome in the one palette: green handled, amber still trying, red lost, violet replayed. */
export const OUTCOME_TONE: Record<TraceOutcome, Tone> = {
  handled: 'ok',
  retrying: 'degraded',
  failed: 'failing',
  'dead-lettered': 'failing',
  replayed: 'replayed',
  discarded: 'neutral',
  duplicate: 'neutral',
  'in-flight': 'degraded',
};

/** The same tones for an attempt's reported outcome (a free string from the telemetry). */
export function attemptTone(outcome: string): Tone {
  if (outcome === 'handled') return 'ok';
  if (outcome === 'retried' || outcome === 'ack-refused') return 'degraded';
  if (outcome === 'failed' || outcome === 'dead-lettered') return 'failing';
  return 'neutral';
}
