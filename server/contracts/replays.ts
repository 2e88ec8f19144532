import { z } from 'zod';
import { CURSOR_MESSAGE } from './cursor';
import { DeadLetterFilter } from './dead-letter-list';
import { Page } from './page';
import { intParam, oneOrMany, queryObject, single } from './query-params';

export const REPLAY_JOB_STATES = [
  'awaiting-approval',
  'queued',
  'running',
  'paused',
  'completed',
  'cancelled',
  'failed',
] as const;
export type ReplayJobState = (typeof REPLAY_JOB_STATES)[number];
export const REPLAY_LETTER_STATES = [
  'pending',
  'replaying',
  'replayed',
  'succeeded',
  'failed-again',
  'skipped',
] as const;

/** Pacing defaults: the ramp starts at `start`/s and steps 1, 2, 5, 10, 20, 50 … up to `max`. */
export const REPLAY_RATE_DEFAULTS = { start: 1, max: 50 } as const;
export const REPLAY_RATE_LIMIT = 5_000;
/** A job pauses itself when more than this share of its replayed events failed again (after 10). */
export const REPLAY_PAUSE_AT_FAILURE_RATE = 0.25;

export const ReplaySelection = z.union([
  z.object({ ids: z.array(z.string().min(3).max(600)).min(1).max(10_000) }).strict(),
  z.object({ fingerprint: z.string().min(1).max(64) }).strict(),
  z.object({ filter: DeadLetterFilter }).strict(),
]);
export type ReplaySelection = z.infer<typeof ReplaySelection>;

/** Where replayed events go: absent = each letter's own topic, for every group. */
export const ReplayTarget = z
  .object({
    /** Another topic (every group of that topic receives the events). */
    topic: z.string().min(1).max(512).optional(),
    /** Only this consumer group (of the letter's topic) receives them: the others do not see them twice. */
    group: z.string().min(1).max(512).optional(),
    /** Each letter only to the consumer group that failed it: for a set spanning several groups. */
    failedGroup: z.literal(true).optional(),
  })
  .strict()
  .refine((t) => !(t.topic && t.group), { error: 'give a target topic or a target group, not both' })
  .refine((t) => !(t.failedGroup && (t.topic || t.group)), {
    error: 'failedGroup sends each letter to its own group: give it without a topic or a group',
  });
export type ReplayTarget = z.infer<typeof ReplayTarget>;

/** `POST /api/replays`. */
export const ReplayRequest = z
  .object({
    selection: ReplaySelection,
    target: ReplayTarget.optional(),
    rate: z
      .object({
        start: z.number().int().min(1).max(REPLAY_RATE_LIMIT).optional(),
        max: z.number().int().min(1).max(REPLAY_RATE_LIMIT),
      })
      .strict()
      .optional(),
    /** Share (0..1] of replayed events failing again that pauses the job. */
    pauseAtFailureRate: z.number().gt(0).max(1).optional(),
    /** An edited event (CloudEvents JSON) replayed in place of a single letter's: a new id, caused by the original. */
    edit: z
      .object({ event: z.string().min(2).max(1_048_576) })
      .strict()
      .optional(),
    dryRun: z.boolean().optional(),
    /** From a preview: the job must act on exactly the letters the preview froze. */
    previewId: z.string().min(1).max(100).optional(),
  })
  .strict();
export type ReplayRequest = z.infer<typeof ReplayRequest>;

const Count = z.object({ name: z.string(), count: z.number().int() });

/** What a replay would do (`dryRun: true`): the truth the job then acts on. */
export const ReplayPlan = z.object({
  /** Freezes the exact set of letters: pass it back with the same request to act on that set only. */
  previewId: z.string(),
  count: z.number().int(),
  /** The topics replayed to, and which groups receive the events. */
  topics: z.array(Count),
  groups: z.array(
    Count.extend({
      topic: z.string(),
      /** The group's handlers declared themselves idempotent (SDK `subscribe({ idempotent: true })`); null: unknown. */
      idempotent: z.boolean().nullable(),
    }),
  ),
  correlationChains: z.number().int(),
  subjects: z.number().int(),
  /** Subjects that appear many times in the set (a replay may apply them out of order). */
  hotSubjects: z.array(Count),
  eventTypes: z.array(Count),
  /** Letters whose event already failed again after an earlier replay. */
  failedAfterReplay: z.number().int(),
  /** Letters without an event id (foreign or undecodable): replayed as their raw fields. */
  withoutEnvelope: z.number().int(),
  /** Letters of the selection already in another live job (left out of this one). */
  inOtherJobs: z.number().int(),
  /** The job will wait for a second admin's approval. */
  needsApproval: z.boolean(),
  approvalReason: z.string().nullable(),
  /** At the rate asked, roughly how long the job runs (seconds). */
  estimatedSeconds: z.number(),
  /** An edited replay: the validation against the registered schema, and the change. */
  edit: z.object({ valid: z.boolean(), errors: z.array(z.string()), diff: z.array(z.string()) }).nullable(),
  createdAt: z.string(),
});
export type ReplayPlan = z.infer<typeof ReplayPlan>;

export const ReplayJob = z.object({
  id: z.string(),
  state: z.enum(REPLAY_JOB_STATES),
  selection: z.record(z.string(), z.unknown()),
  target: z.object({
    topic: z.string().optional(),
    group: z.string().optional(),
    failedGroup: z.boolean().optional(),
  }),
  rate: z.object({ start: z.number().int(), max: z.number().int(), current: z.number() }),
  pauseAtFailureRate: z.number(),
  edited: z.boolean(),
  total: z.number().int(),
  replayed: z.number().int(),
  succeeded: z.number().int(),
  failedAgain: z.number().int(),
  skipped: z.number().int(),
  remaining: z.number().int(),
  /** Seconds to finish at the current pace; null when not running. */
  etaSeconds: z.number().nullable(),
  /** Letters matching the job's selection that arrived after its preview (not included). */
  newSincePreview: z.number().int(),
  reason: z.string().nullable(),
  createdBy: z.string(),
  approvedBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  plan: ReplayPlan.partial(),
});
export type ReplayJob = z.infer<typeof ReplayJob>;

export const ReplayJobPage = Page(ReplayJob);
export type ReplayJobPage = z.infer<typeof ReplayJobPage>;

/** One letter of a job, for its detail: `GET /api/replays/{id}/letters`. */
export const ReplayJobLetter = z.object({
  letterId: z.string(),
  state: z.enum(REPLAY_LETTER_STATES),
  eventId: z.string().nullable(),
  entryId: z.string().nullable(),
  /** The dead letter it produced when it failed again. */
  newLetterId: z.string().nullable(),
  replayedAt: z.string().nullable(),
  settledAt: z.string().nullable(),
  detail: z.string().nullable(),
});
export type ReplayJobLetter = z.infer<typeof ReplayJobLetter>;

export const REPLAY_ACTIONS = ['pause', 'resume', 'cancel', 'approve'] as const;
export type ReplayAction = (typeof REPLAY_ACTIONS)[number];
export const ReplayActionParams = z.object({
  id: z.string().min(1).max(100),
  action: z.enum(REPLAY_ACTIONS),
});

/** `GET /api/replays`: newest first, optionally only some states. */
export const ReplayListQuery = queryObject({
  state: oneOrMany(7, 20, {
    regex: new RegExp(`^(${REPLAY_JOB_STATES.join('|')})$`),
    message: `one of ${REPLAY_JOB_STATES.join(', ')}`,
  }).optional(),
  limit: intParam(1, 200).optional(),
  cursor: single(200)
    .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\|[\w-]{1,100}$/, { error: CURSOR_MESSAGE })
    .optional(),
});
export type ReplayListQuery = z.output<typeof ReplayListQuery>;

/** `GET /api/replays/{id}/letters`: in replay order, optionally only some states. */
export const ReplayLettersQuery = queryObject({
  state: oneOrMany(6, 20, {
    regex: new RegExp(`^(${REPLAY_LETTER_STATES.join('|')})$`),
    message: `one of ${REPLAY_LETTER_STATES.join(', ')}`,
  }).optional(),
  limit: intParam(1, 1_000).optional(),
  cursor: single(20)
    .regex(/^\d{1,9}$/, { error: CURSOR_MESSAGE })
    .optional(),
});
export type ReplayLettersQuery = z.output<typeof ReplayLettersQuery>;

export const ReplayLetterPage = Page(ReplayJobLetter);
export type ReplayLetterPage = z.infer<typeof ReplayLetterPage>;

export const ReplayIdParams = z.object({ id: z.string().min(1).max(100) });

/** `POST /api/replays` answers the plan (`dryRun`) or the job it made (201). */
export const ReplayResponse = z.union([ReplayJob, ReplayPlan]);
