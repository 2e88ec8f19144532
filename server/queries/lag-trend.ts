import { and, eq, gte, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { metricRollups } from '@/db/schema';
import { LAG_TREND_SECONDS, LAG_TREND_STEP_SECONDS } from '@/server/contracts/groups';

export interface LagTrends {
  /** Start of the first bucket. */
  from: Date;
  stepSeconds: number;
  points: number;
  /** By `<topic>/<group>`: one value per bucket, oldest first, null where no lag was sampled. */
  byGroup: Map<string, (number | null)[]>;
}

/**
 * The lag the recorder sampled into the 10 s group rollups over the last 15 minutes, the bucket still
 * filling included (its sample is the newest). One query over the rollups' primary key range.
 */
export async function getLagTrends(db: Db, now = new Date()): Promise<LagTrends> {
  const step = LAG_TREND_STEP_SECONDS * 1000;
  const points = LAG_TREND_SECONDS / LAG_TREND_STEP_SECONDS;
  const end = Math.floor(now.getTime() / step) * step + step;
  const start = end - points * step;
  const rows = await db
    .select({ key: metricRollups.key, bucketStart: metricRollups.bucketStart, lag: metricRollups.lag })
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.resolution, '10s'),
        eq(metricRollups.scope, 'group'),
        gte(metricRollups.bucketStart, new Date(start)),
        lt(metricRollups.bucketStart, new Date(end)),
        isNotNull(metricRollups.lag),
      ),
    );
  const byGroup = new Map<string, (number | null)[]>();
  for (const row of rows) {
    const values = byGroup.get(row.key) ?? new Array<number | null>(points).fill(null);
    const index = Math.floor((row.bucketStart.getTime() - start) / step);
    if (index >= 0 && index < points) values[index] = Number(row.lag);
    byGroup.set(row.key, values);
  }
  return { from: new Date(start), stepSeconds: LAG_TREND_STEP_SECONDS, points, byGroup };
}

/** A trend with no samples at all, for groups the recorder has not sampled. */
export const emptyTrend = (points: number): (number | null)[] => new Array<number | null>(points).fill(null);
