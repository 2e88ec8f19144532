import { and, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { metricRollups } from '@/db/schema';
import { addBuckets } from './histogram';

/** Rates are measured over the last six complete 10 s rollup buckets. */
export const RATE_WINDOW_MS = 60_000;
const BUCKET_MS = 10_000;

export interface RollupSums {
  count: number;
  failed: number;
  retried: number;
  deadLettered: number;
  latencySumMs: number;
  latencyMaxMs: number;
  buckets: number[];
  /** The lag sampled in the newest bucket of the window that has one. */
  lag: number | null;
}

export interface WindowSums {
  from: Date;
  to: Date;
  /** By topic. */
  topics: Map<string, RollupSums>;
  /** By `<topic>/<group>`. */
  groups: Map<string, RollupSums>;
}

export function rateWindow(now: Date): { from: Date; to: Date } {
  const to = Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS;
  return { from: new Date(to - RATE_WINDOW_MS), to: new Date(to) };
}

export const emptySums = (): RollupSums => ({
  count: 0,
  failed: 0,
  retried: 0,
  deadLettered: 0,
  latencySumMs: 0,
  latencyMaxMs: 0,
  buckets: [],
  lag: null,
});

/** The 10 s rollups of the last minute, summed per topic and per group. One query, bounded by key count. */
export async function lastMinuteSums(db: Db, now: Date): Promise<WindowSums> {
  const { from, to } = rateWindow(now);
  const rows = await db
    .select()
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.resolution, '10s'),
        gte(metricRollups.bucketStart, from),
        lt(metricRollups.bucketStart, to),
      ),
    )
    .orderBy(metricRollups.bucketStart);
  const topics = new Map<string, RollupSums>();
  const groups = new Map<string, RollupSums>();
  for (const row of rows) {
    const target = row.scope === 'topic' ? topics : groups;
    const sums = target.get(row.key) ?? emptySums();
    sums.count += row.count;
    sums.failed += row.failed;
    sums.retried += row.retried;
    sums.deadLettered += row.deadLettered;
    sums.latencySumMs += row.latencySumMs;
    sums.latencyMaxMs = Math.max(sums.latencyMaxMs, row.latencyMaxMs);
    addBuckets(sums.buckets, row.latencyBuckets);
    if (row.lag !== null) sums.lag = row.lag;
    target.set(row.key, sums);
  }
  return { from, to, topics, groups };
}

export const perSecond = (n: number): number => round(n / (RATE_WINDOW_MS / 1000));

/** Handler attempts that threw: final failures and those that will be retried. */
export const failedAttempts = (sums: RollupSums): number => sums.failed + sums.retried;

/**
 * Failed attempts over all attempts: (failed + retried) / (handled + failed + retried), the SDK
 * reporting every attempt that threw as `retried` (another try follows) or `failed` (the last one).
 * 0 when nothing happened.
 */
export function errorRate(sums: RollupSums): number {
  const failedCount = failedAttempts(sums);
  const attempts = sums.count + failedCount;
  return attempts > 0 ? round(failedCount / attempts, 4) : 0;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
