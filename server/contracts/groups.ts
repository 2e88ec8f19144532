import { z } from 'zod';
import { GroupInspection } from './bus-state';
import { LagModel } from './lag';
import { intParam, oneOrMany, queryObject, topicNames } from './query-params';

export const GroupSummary = GroupInspection.extend({
  /** Deliveries handled per second over the last minute (recorded rollups). */
  handledPerSec: z.number(),
  /** Handler attempts that threw (failed + retried) per second. */
  failedPerSec: z.number(),
  /** Failed handler attempts over all attempts, (failed + retried) / (handled + failed + retried), last minute; 0 when idle. */
  errorRate: z.number(),
  /**
   * Recorded lag over the last LAG_TREND_SECONDS, one value per LAG_TREND_STEP_SECONDS bucket from
   * `lagTrend.from`, oldest first; null where none was sampled (the recorder samples every group's lag
   * but its own). The last one, the bucket still filling, holds `lag` as read now, so that a chart's
   * "now" is the row's figure.
   */
  lagTrend: z.array(z.number().nullable()),
  /** The server's one judgement of this group's lag: verdict, trend, time to clear, lagging since. */
  lagModel: LagModel,
});
export type GroupSummary = z.infer<typeof GroupSummary>;

export const GroupsResponse = z.object({
  generatedAt: z.string(),
  windowSeconds: z.number(),
  /** Pending entries idle at least this long are flagged as stuck. */
  stuckAfterMs: z.number(),
  /** Pending entries examined per group, oldest first. */
  sampleSize: z.number(),
  /** The buckets of every group's `lagTrend`: the first one's start and their width. */
  lagTrend: z.object({ from: z.string(), stepSeconds: z.number(), points: z.number().int() }),
  groups: z.array(GroupSummary),
  /** EventLens' own consumer groups (the recorder's), which the streams page hides unless asked. */
  internalGroups: z.array(z.string()).optional(),
});
export type GroupsResponse = z.infer<typeof GroupsResponse>;

/**
 * A recorder group of any EventLens deployment on this Redis: the shared legacy name or a database's own
 * (server/recorder/recorder-group.ts). Another deployment's recorder is EventLens, not an application.
 */
export function isRecorderGroupName(name: string): boolean {
  return /^eventlens-recorder(-[0-9a-f]{8})?$/.test(name);
}

/** EventLens' own consumer group: one of this console's (`internalGroups`), or any deployment's recorder. */
export function isInternalGroup(name: string, internalGroups: readonly string[]): boolean {
  return internalGroups.includes(name) || isRecorderGroupName(name);
}

export const DEFAULT_STUCK_AFTER_MS = 60_000;
export const DEFAULT_PENDING_SAMPLE = 1_000;
/** The lag trend covers 15 minutes of 10 s rollups: 90 points. */
export const LAG_TREND_SECONDS = 900;
export const LAG_TREND_STEP_SECONDS = 10;

/** `GET /api/groups` query. */
export const GroupsQuery = queryObject({
  topic: topicNames().optional(),
  group: oneOrMany(100, 200).optional(),
  stuckAfterMs: intParam(1_000, 86_400_000).default(DEFAULT_STUCK_AFTER_MS),
  sample: intParam(1, 10_000).default(DEFAULT_PENDING_SAMPLE),
});
export type GroupsQuery = z.output<typeof GroupsQuery>;
