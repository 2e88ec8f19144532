import { z } from 'zod';
import { MaskInfo } from './masking';

/**
 * Projections (read models built by the SDK in Redis, server/bus/projections) as the console and the
 * CLI read them (`GET /api/projections*`) and the operator actions on them
 * (`POST /api/projections/{name}/{rebuild|pause|resume}`). Read from Redis only: the checkpoints,
 * counters and controls the SDK keeps, and the presence each running process announces.
 */

/** Letters, digits, '.', '_' or '-' (max 100), as the SDK names them (its Redis hash tag). */
export const PROJECTION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * - running: the active generation is held by a live process and applies events;
 * - paused: an operator paused it (every process stands still, durable);
 * - rebuilding: a new generation builds from the start of every topic, swapped in once caught up;
 * - stalled: no live process holds a generation that should be running (nobody runs it, or its
 *   holder died and nobody took over yet).
 */
export const PROJECTION_STATUSES = ['running', 'paused', 'rebuilding', 'stalled'] as const;
export type ProjectionRunStatus = (typeof PROJECTION_STATUSES)[number];

export const ProjectionTopicPosition = z.object({
  topic: z.string(),
  /** Id of the last entry applied (or skipped); null before the first. */
  position: z.string().nullable(),
  /** Entries after the position. */
  lag: z.number().int().nonnegative(),
  /** Age of the oldest entry not applied yet (its id's time against Redis' clock); null when none. */
  lagMs: z.number().int().nonnegative().nullable(),
  /** Entries were trimmed from the stream before this generation read them: lost to it. */
  trimmedUnread: z.boolean(),
});
export type ProjectionTopicPosition = z.infer<typeof ProjectionTopicPosition>;

/** Which process holds a generation's lease, when a live one announces it. */
export const ProjectionHolder = z.object({ service: z.string(), host: z.string(), pid: z.number().int() });

export const ProjectionGeneration = z.object({
  generation: z.number().int().positive(),
  role: z.enum(['active', 'building']),
  topics: z.array(ProjectionTopicPosition),
  /** Sum of the topics' lags, in entries. */
  lag: z.number().int().nonnegative(),
  /** The oldest unapplied entry's age over all topics; null when nothing is behind. */
  lagMs: z.number().int().nonnegative().nullable(),
  /** Entries its holder worked through per second over the last 5 s (0 without a live holder). */
  ratePerSec: z.number().nonnegative(),
  applied: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Failed batches (each retried from its checkpoint) and the latest failure, masked for the caller. */
  errors: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** Last commit (ISO 8601); null before the first. */
  committedAt: z.string().nullable(),
  /** The lease is held (by some process): false means nobody applies this generation now. */
  held: z.boolean(),
  holder: ProjectionHolder.nullable(),
});
export type ProjectionGeneration = z.infer<typeof ProjectionGeneration>;

/** A process running the projection, as its presence heartbeat says (live ones only). */
export const ProjectionProcess = z.object({
  service: z.string(),
  host: z.string(),
  pid: z.number().int(),
  /** Generations whose lease this process holds (the others it stands by for). */
  holds: z.array(z.number().int()),
  lastSeen: z.string(),
});
export type ProjectionProcess = z.infer<typeof ProjectionProcess>;

/** One row of the Projections page. */
export const ProjectionSummary = z.object({
  name: z.string(),
  topics: z.array(z.string()),
  status: z.enum(PROJECTION_STATUSES),
  paused: z.boolean(),
  /** The generation reads are served from. */
  active: ProjectionGeneration,
  /** A rebuild in progress; null when none. */
  building: ProjectionGeneration.nullable(),
  /** The latest rebuild: when it started and when it swapped in (null while building or never). */
  lastRebuild: z.object({ startedAt: z.string(), swappedAt: z.string().nullable() }).nullable(),
  processes: z.array(ProjectionProcess),
});
export type ProjectionSummary = z.infer<typeof ProjectionSummary>;

/** `GET /api/projections`. */
export const ProjectionList = z.object({
  generatedAt: z.string(),
  items: z.array(ProjectionSummary),
});
export type ProjectionList = z.infer<typeof ProjectionList>;

/** One key of a read model and a bounded sample of what it holds. */
export const ReadModelKey = z.object({
  key: z.string(),
  type: z.enum(['string', 'hash', 'zset', 'set', 'list', 'other']),
  /**
   * Hash: field and value; sorted set: member and score, highest first; set: the member as `value`
   * (field ''); string: the value (field ''). Fields and members are the model's names, shown like an
   * event's keys; values are masked like an event's values.
   */
  entries: z.array(z.object({ field: z.string(), value: z.string() })),
  /** How many fields or members the key holds (1 for a string). */
  size: z.number().int().nonnegative(),
});
export type ReadModelKey = z.infer<typeof ReadModelKey>;

/** A bounded look at the active generation's read model, values masked for the caller. */
export const ReadModel = z.object({
  generation: z.number().int().positive(),
  keys: z.array(ReadModelKey),
  /** More keys (or entries of a key) than shown. */
  truncated: z.boolean(),
  masking: MaskInfo.optional(),
});
export type ReadModel = z.infer<typeof ReadModel>;

/** `GET /api/projections/{name}`: the row, and a look at its read model. */
export const ProjectionDetail = z.object({
  summary: ProjectionSummary,
  readModel: ReadModel,
});
export type ProjectionDetail = z.infer<typeof ProjectionDetail>;

export const ProjectionParams = z.object({
  name: z.string().regex(PROJECTION_NAME_PATTERN, "letters, digits, '.', '_' or '-' (max 100)"),
});

export const PROJECTION_ACTIONS = ['rebuild', 'pause', 'resume'] as const;
export type ProjectionAction = (typeof PROJECTION_ACTIONS)[number];

export const ProjectionActionParams = ProjectionParams.extend({ action: z.enum(PROJECTION_ACTIONS) });

/** `POST /api/projections/{name}/{action}` body (may be empty). */
export const ProjectionActionRequest = z.strictObject({
  reason: z.string().trim().min(1).max(1_000).optional(),
  /**
   * rebuild only: build even though a topic lost entries to retention (the new generation would hold
   * less than the one it replaces). Needs the admin role; without it such a rebuild is a 409.
   */
  allowTrimmed: z.boolean().optional(),
});
export type ProjectionActionRequest = z.infer<typeof ProjectionActionRequest>;

/** The projection's controls right after the action. */
export const ProjectionActionResult = z.object({
  name: z.string(),
  action: z.enum(PROJECTION_ACTIONS),
  active: z.number().int().positive(),
  /** The generation building (rebuild: the one it started). */
  building: z.number().int().positive().nullable(),
  paused: z.boolean(),
  /** The audit row that records it. */
  auditId: z.number().int(),
});
export type ProjectionActionResult = z.infer<typeof ProjectionActionResult>;
