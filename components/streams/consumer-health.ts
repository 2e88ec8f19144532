import { formatCount, formatDuration } from '@/components/lib/format';
import type { Tone } from '@/components/ui/tone';
import type { ConsumerDetail } from '@/server/contracts/bus-state';

export type ConsumerStatus =
  | 'running'
  | 'active'
  | 'idle'
  | 'starting'
  | 'stopping'
  | 'dead'
  | 'breaker-open'
  | 'breaker-half-open'
  | 'idle-with-pending';

export interface ConsumerVerdict {
  status: ConsumerStatus;
  tone: Tone;
  label: string;
  /** One sentence for the tooltip: why this verdict. */
  why: string;
}

/**
 * What an operator should think of one consumer. SDK consumers send a heartbeat (`alive`, `state`);
 * any consumer, SDK or not, that holds pending entries without reading for `stuckAfterMs` is idle
 * with pending (the same rule as the overview's unhealthy consumers).
 */
export function consumerVerdict(consumer: ConsumerDetail, stuckAfterMs: number): ConsumerVerdict {
  if (consumer.alive === false) {
    return {
      status: 'dead',
      tone: 'failing',
      label: 'No heartbeat',
      why: 'Its heartbeat stopped: the process is gone or hung. Its pending entries wait for a reclaim.',
    };
  }
  if (consumer.state === 'open') {
    return {
      status: 'breaker-open',
      tone: 'failing',
      label: 'Breaker open',
      why: 'Its circuit breaker stopped deliveries after repeated failures.',
    };
  }
  if (consumer.state === 'half-open') {
    return {
      status: 'breaker-half-open',
      tone: 'degraded',
      label: 'Breaker half-open',
      why: 'Its circuit breaker lets a trial delivery through after failures.',
    };
  }
  if (consumer.pending > 0 && consumer.idleMs >= stuckAfterMs) {
    return {
      status: 'idle-with-pending',
      tone: 'degraded',
      label: 'Idle with pending',
      why: `It holds ${formatCount(consumer.pending)} pending without reading for ${formatDuration(stuckAfterMs)} or more.`,
    };
  }
  if (consumer.state === 'starting' || consumer.state === 'stopping') {
    return {
      status: consumer.state,
      tone: 'neutral',
      label: consumer.state === 'starting' ? 'Starting' : 'Stopping',
      why: `Its heartbeat says it is ${consumer.state}.`,
    };
  }
  const recent = consumer.idleMs < stuckAfterMs;
  if (consumer.alive === true) {
    return {
      status: 'running',
      tone: 'ok',
      label: 'Running',
      why: recent ? 'Heartbeat fresh, reading.' : 'Heartbeat fresh; nothing to read lately.',
    };
  }
  // no heartbeat at all: not on the SDK, so Redis' idle time is all there is
  return recent
    ? { status: 'active', tone: 'ok', label: 'Active', why: 'Read recently (no SDK heartbeat).' }
    : { status: 'idle', tone: 'neutral', label: 'Idle', why: 'Has not read lately and holds nothing.' };
}

export function isUnhealthy(verdict: ConsumerVerdict): boolean {
  return verdict.tone === 'failing' || verdict.tone === 'degraded';
}
