import type { Db } from '@/db/client';
import type { GroupInspection } from '@/server/contracts/bus-state';
import type { GroupsResponse } from '@/server/contracts/groups';
import { lagModels, withLagNow } from './lag-models';
import { emptyTrend, getLagTrends } from './lag-trend';
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
 * distributions), with their recorded handling rate and error rate over the last minute and their
 * recorded lag over the last 15 minutes.
 */
export async function getGroups(
  db: Db,
  groups: readonly GroupInspection[],
  options: { stuckAfterMs: number; sample: number },
  now = new Date(),
): Promise<GroupsResponse> {
  const [sums, trends] = await Promise.all([lastMinuteSums(db, now), getLagTrends(db, now)]);
  const models = lagModels(
    groups.map((g) => ({
      topic: g.topic,
      group: g.name,
      lag: g.lag,
      oldestPendingId: g.pendingEntries.oldestId,
    })),
    trends,
    sums,
    now.getTime(),
  );
  return {
    generatedAt: now.toISOString(),
    windowSeconds: RATE_WINDOW_MS / 1000,
    stuckAfterMs: options.stuckAfterMs,
    sampleSize: options.sample,
    lagTrend: { from: trends.from.toISOString(), stepSeconds: trends.stepSeconds, points: trends.points },
    groups: groups.map((group) => {
      const key = `${group.topic}/${group.name}`;
      const window = sums.groups.get(key) ?? emptySums();
      return {
        ...group,
        handledPerSec: perSecond(window.count),
        failedPerSec: perSecond(failedAttempts(window)),
        errorRate: errorRate(window),
        lagTrend: withLagNow(trends.byGroup.get(key) ?? emptyTrend(trends.points), group.lag),
        lagModel: models.get(key)!,
      };
    }),
  };
}
