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
