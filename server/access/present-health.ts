import type { Health } from '@/server/contracts/health';
import { maskCredentials } from './mask';

/** The health report as it leaves the server: every text that can hold a URL has its password hidden. */
export function presentHealth(health: Health): Health {
  const mask = (text: string | undefined) => (text === undefined ? undefined : maskCredentials(text));
  const strip = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    ...health,
    redis: strip({
      ...health.redis,
      error: mask(health.redis.error),
      target: mask(health.redis.target),
      check: mask(health.redis.check),
    }),
    store: strip({
      ...health.store,
      error: mask(health.store.error),
      target: mask(health.store.target),
      check: mask(health.store.check),
    }),
    recorder: health.recorder
      ? {
          ...health.recorder,
          ...(health.recorder.discovery
            ? {
                discovery: {
                  ...health.recorder.discovery,
                  reason: maskCredentials(health.recorder.discovery.reason),
                },
              }
            : {}),
          reason: health.recorder.reason ? maskCredentials(health.recorder.reason) : null,
        }
      : null,
  };
}
