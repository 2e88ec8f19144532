import type { Db } from '@/db/client';
import type { GroupInspection } from '@/server/contracts/bus-state';
import type { GroupsResponse } from '@/server/contracts/groups';
import {
  emptySums,
  errorRate,
  failedAttempts,
  lastMinuteSums,
  perSecond,
  RATE_WINDOW_MS,
} from './rollup-window';

/**
 * Consumer groups as Redis holds them (from server/bus/inspect: lag, pending, consumers, pending-entry
 * distributions), with their recorded handling rate and error rate over the last minute.
 */
export async function getGroups(
  db: Db,
  groups: readonly GroupInspection[],
  options: { stuckAfterMs: number; sample: number },
  now = new Date(),
): Promise<GroupsResponse> {
  const sums = await lastMinuteSums(db, now);
  return {
    generatedAt: now.toISOString(),
    windowSeconds: RATE_WINDOW_MS / 1000,
    stuckAfterMs: options.stuckAfterMs,
    sampleSize: options.sample,
    groups: groups.map((group) => {
      const window = sums.groups.get(`${group.topic}/${group.name}`) ?? emptySums();
      return {
        ...group,
        handledPerSec: perSecond(window.count),
        failedPerSec: perSecond(failedAttempts(window)),
        errorRate: errorRate(window),
      };
    }),
  };
}
