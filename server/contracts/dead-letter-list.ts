import { z } from 'zod';
import { DEAD_LETTER_CATEGORIES } from './envelope';
import { MaskInfo } from './masking';
import { Page } from './page';
import { PayloadPreview } from './payload';
import { Instant, intParam, oneOrMany, queryObject, single } from './query-params';

export const DEAD_LETTER_STATUSES = ['pending', 'replaying', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/**
 * Which dead letters: `GET /api/dead-letters` and `/groups` take it as query parameters, a replay or a
 * discard `{filter}` as JSON. Every field narrows; none means all pending letters (status defaults to
 * `pending` in lists, groups and selections alike).
 */
export const DeadLetterFilterFields = {
  topic: oneOrMany().optional(),
  group: oneOrMany().optional(),
  category: oneOrMany(5, 20, {
    regex: new RegExp(`^(${DEAD_LETTER_CATEGORIES.join('|')})$`),
    message: `one of ${DEAD_LETTER_CATEGORIES.join(', ')}`,
  }).optional(),
  type: oneOrMany().optional(),
  status: oneOrMany(4, 20, {
    regex: new RegExp(`^(${DEAD_LETTER_STATUSES.join('|')}|all)$`),
    message: `one of ${DEAD_LETTER_STATUSES.join(', ')}, all`,
  }).optional(),
  /** Last failure at or after / before (ISO with zone, epoch ms, or `15m` ago). */
  from: Instant.optional(),
  to: Instant.optional(),
  /** Words in the error name, message or the event type (case-insensitive). */
  q: single(200).optional(),
  fingerprint: oneOrMany(50, 64).optional(),
};

export const DeadLetterListQuery = queryObject({
  ...DeadLetterFilterFields,
  limit: intParam(1, 500).optional(),
  cursor: single(200).optional(),
});
export type DeadLetterListQuery = z.output<typeof DeadLetterListQuery>;

/** At most this many groups in one answer (the biggest); `total` still counts every letter. */
export const MAX_DEAD_LETTER_GROUPS = 200;

/**
 * `GET /api/dead-letters/groups`: the filter, and how many groups to answer (not paginated: the biggest
 * come first; a panel showing a group's top errors asks for a handful).
 */
export const DeadLetterGroupsQuery = queryObject({
  ...DeadLetterFilterFields,
  limit: intParam(1, MAX_DEAD_LETTER_GROUPS).optional(),
});
export type DeadLetterGroupsQuery = z.output<typeof DeadLetterGroupsQuery>;

/** The same filter in a JSON body (a replay's or a discard's `{filter}`). */
export const DeadLetterFilter = z
  .object({
    topic: z.array(z.string().min(1).max(512)).max(20).optional(),
    group: z.array(z.string().min(1).max(512)).max(20).optional(),
    category: z.array(z.enum(DEAD_LETTER_CATEGORIES)).max(5).optional(),
    type: z.array(z.string().min(1).max(512)).max(20).optional(),
    status: z.array(z.enum(DEAD_LETTER_STATUSES)).max(4).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    q: z.string().min(1).max(200).optional(),
    fingerprint: z.array(z.string().min(1).max(64)).max(50).optional(),
  })
  .strict();
export type DeadLetterFilter = z.infer<typeof DeadLetterFilter>;

/** One row of the dead-letter list. */
export const DeadLetterListItem = z.object({
  /** `<topic>/<dead-letter entry id>`. */
  id: z.string(),
  topic: z.string(),
  group: z.string(),
  consumer: z.string(),
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  correlationId: z.string().nullable(),
  category: z.enum(DEAD_LETTER_CATEGORIES),
  attempts: z.number().int(),
  /** ISO 8601. */
  firstFailureAt: z.string(),
  lastFailureAt: z.string(),
  errorName: z.string(),
  /** The whole message (never cut to a column's width: the UI wraps or truncates it visibly). */
  errorMessage: z.string(),
  fingerprint: z.string(),
  status: z.enum(DEAD_LETTER_STATUSES),
  /** This event was replayed before and failed again (another dead letter with its id was replayed). */
  failedAfterReplay: z.boolean(),
});
export type DeadLetterListItem = z.infer<typeof DeadLetterListItem>;

export const DeadLetterPage = Page(DeadLetterListItem);
export type DeadLetterPage = z.infer<typeof DeadLetterPage>;

/** Letters that failed the same way: `GET /api/dead-letters/groups`. */
export const DeadLetterGroup = z.object({
  fingerprint: z.string(),
  topic: z.string(),
  group: z.string(),
  errorName: z.string(),
  /** The error message with ids, numbers and uuids replaced (`order <uuid> not found`). */
  pattern: z.string(),
  /** The top application stack frame (`at chargeCard (payments/charge.ts:42)`), empty if none. */
  frame: z.string(),
  /** Letters in the group that match the filter (status included). */
  count: z.number().int(),
  categories: z.partialRecord(z.enum(DEAD_LETTER_CATEGORIES), z.number().int()),
  eventTypes: z.array(z.string()),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Letters per bucket over `trendFrom..trendTo`, oldest first (the sparkline). */
  trend: z.array(z.number().int()),
  /** One letter of the group, newest, to open from the group row. */
  sampleId: z.string(),
});
export type DeadLetterGroup = z.infer<typeof DeadLetterGroup>;

export const DeadLetterGroups = z.object({
  groups: z.array(DeadLetterGroup),
  /** Letters matching the filter, over all groups. */
  total: z.number().int(),
  trendFrom: z.string(),
  trendTo: z.string(),
  trendBucketMs: z.number().int(),
});
export type DeadLetterGroups = z.infer<typeof DeadLetterGroups>;

/** One attempt of the event by the failing group, from the delivery telemetry (oldest first). */
export const DeadLetterAttempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  outcome: z.string(),
  consumer: z.string(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
});

export const DeadLetterHistoryItem = z.object({
  at: z.string(),
  action: z.string(),
  actor: z.string(),
  detail: z.string().optional(),
  jobId: z.string().optional(),
});

/** `GET /api/dead-letters/{id}`: everything about one letter, masked for the caller. */
export const DeadLetterDetail = DeadLetterListItem.extend({
  entryId: z.string(),
  errorStack: z.string(),
  pattern: z.string(),
  frame: z.string(),
  /** The original entry's fields as written (values masked where a rule says so). */
  raw: z.record(z.string(), z.string()),
  /** The decoded envelope without `data`, and `data` as a bounded preview; null for foreign entries. */
  envelope: z.record(z.string(), z.unknown()).nullable(),
  data: PayloadPreview.nullable(),
  /** The envelope's `sensitivity` extension (what masking goes by), null when absent. */
  sensitivity: z.string().nullable().optional(),
  masked: MaskInfo.optional(),
  attempts: z.array(DeadLetterAttempt),
  history: z.array(DeadLetterHistoryItem),
  /** Replay jobs that included this letter, newest first. */
  replays: z.array(z.object({ jobId: z.string(), state: z.string(), at: z.string().nullable() })),
  /** The event is recorded in History (link to it). */
  eventRecorded: z.boolean(),
});
export type DeadLetterDetail = z.infer<typeof DeadLetterDetail>;

/** `POST /api/dead-letters/discard`: some letters, a group, or a filter, with a reason. */
export const DiscardRequest = z
  .object({
    selection: z.union([
      z.object({ ids: z.array(z.string().min(3).max(600)).min(1).max(1_000) }).strict(),
      z.object({ fingerprint: z.string().min(1).max(64) }).strict(),
      z.object({ filter: DeadLetterFilter }).strict(),
    ]),
    reason: z.string().trim().min(3, { error: 'say why (at least 3 characters)' }).max(500),
  })
  .strict();
export type DiscardRequest = z.infer<typeof DiscardRequest>;

export const DiscardResult = z.object({
  discarded: z.number().int(),
  /** Letters not discarded (already gone, or in a replay job), with why. */
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type DiscardResult = z.infer<typeof DiscardResult>;
