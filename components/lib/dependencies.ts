import type { Health } from '@/server/contracts/health';

/** A dependency that does not answer, as a person needs it: what, why, where, what to check. */
export interface DownDependency {
  name: 'Redis' | 'The store';
  cause: string | null;
  target: string | null;
  check: string | null;
}

/** The dependencies a health report says are down (Redis first: without it nothing is live). */
export function downDependencies(health: Health | undefined): DownDependency[] {
  if (!health) return [];
  const down: DownDependency[] = [];
  const { redis, store } = health;
  if (!redis.ok) {
    down.push({
      name: 'Redis',
      cause: redis.error ?? null,
      target: redis.target ?? null,
      check: redis.check ?? null,
    });
  }
  if (!store.ok) {
    down.push({
      name: 'The store',
      cause: store.error ?? null,
      target: store.target ?? null,
      check: store.check ?? null,
    });
  }
  return down;
}

/**
 * Whether "run `npm run demo`" can help an empty page: only while Redis and the store answer (with
 * either down the demo would fail the same way) and health is known.
 */
export function demoCanHelp(health: Health | undefined): boolean {
  return health !== undefined && health.redis.ok && health.store.ok;
}

/**
 * The in-process recorder's reason when it records nothing and cannot by itself: stuck starting with an
 * error, or degraded at 0 events/s. A recorder still starting normally, or degraded by a passing read
 * error while it records, is not trouble worth a notice.
 */
export function recorderTrouble(health: Health | undefined): string | null {
  const recorder = health?.recorder;
  if (!recorder?.reason) return null;
  if (recorder.state === 'degraded' && recorder.eventsPerSec === 0) return recorder.reason;
  if (recorder.state === 'starting' && !recorder.reason.startsWith('starting')) return recorder.reason;
  return null;
}
