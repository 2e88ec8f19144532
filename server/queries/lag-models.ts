import type { Db } from '@/db/client';
import type { LagModel } from '@/server/contracts/lag';
import { modelLag, type LagPoint } from '@/server/lag';
import { getLagTrends, type LagTrends } from './lag-trend';
import { lastMinuteSums, perSecond, rateWindow, type WindowSums } from './rollup-window';
import { entryMs } from './topology/lag-age';

/** One group on one topic as Redis describes it now. */
export interface GroupLagReading {
  topic: string;
  group: string;
  lag: number | null;
  /** The smallest id among its pending entries; null when none is pending. */
  oldestPendingId: string | null;
}

/**
 * The lag model of each (topic, group), keyed `<topic>/<group>`: the lag read from Redis now, judged
 * against the lag the recorder sampled and the group's traffic over the last minute. Every read model
 * that speaks of lag (groups, topology, overview) takes it from here.
 */
export function lagModels(
  readings: readonly GroupLagReading[],
  trends: LagTrends,
  sums: WindowSums,
  nowMs: number,
): Map<string, LagModel> {
  const models = new Map<string, LagModel>();
  for (const reading of readings) {
    const key = `${reading.topic}/${reading.group}`;
    const published = perSecond(sums.topics.get(reading.topic)?.count ?? 0);
    const handled = perSecond(sums.groups.get(key)?.count ?? 0);
    const pendingMs = reading.oldestPendingId === null ? 0 : entryMs(reading.oldestPendingId);
    models.set(
      key,
      modelLag({
        nowMs,
        lag: reading.lag,
        samples: recordedSamples(trends, key),
        trafficPerSec: Math.max(published, handled),
        oldestPendingMs: pendingMs > 0 ? pendingMs : null,
      }),
    );
  }
  return models;
}

/**
 * The lag models of `readings`, judged against what the store recorded (as GET /api/groups does), or
 * with `db` null against the lag now alone (no history, no traffic: a group behind is "unsure").
 */
export async function readLagModels(
  db: Db | null,
  readings: readonly GroupLagReading[],
  now = new Date(),
): Promise<Map<string, LagModel>> {
  if (!db) {
    const { from, to } = rateWindow(now);
    const sums: WindowSums = { from, to, topics: new Map(), groups: new Map() };
    return lagModels(
      readings,
      { from: now, stepSeconds: 10, points: 0, byGroup: new Map() },
      sums,
      now.getTime(),
    );
  }
  const [sums, trends] = await Promise.all([lastMinuteSums(db, now), getLagTrends(db, now)]);
  return lagModels(readings, trends, sums, now.getTime());
}

/**
 * A recorded lag line with its newest bucket (the one still filling) holding the lag read now, so a
 * chart ends on the figure the lag model speaks of. Every chart of one group's lag goes through here.
 */
export function withLagNow(trend: readonly (number | null)[], lag: number | null): (number | null)[] {
  if (lag === null || trend.length === 0) return [...trend];
  return [...trend.slice(0, -1), lag];
}

function recordedSamples(trends: LagTrends, key: string): LagPoint[] {
  const values = trends.byGroup.get(key) ?? [];
  const from = trends.from.getTime();
  const points: LagPoint[] = [];
  values.forEach((lag, i) => {
    if (lag !== null) points.push({ atMs: from + i * trends.stepSeconds * 1000, lag });
  });
  return points;
}
