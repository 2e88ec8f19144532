import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

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
  /** In the job's frozen set, not acted on yet. */
  'pending',
  /**
   * Claimed by a runner before `replay_jobs.claimed_through` took that role; rows left so by an older
   * version are resolved on resume like the letters the cursor covers.
   */
  'replaying',
  /** Back on the bus; its outcome (handled or failed again) is not known yet. */
  'replayed',
  'succeeded',
  'failed-again',
  /** Gone before the job reached it (discarded or replayed by another path). */
  'skipped',
] as const;
export type ReplayLetterState = (typeof REPLAY_LETTER_STATES)[number];

/**
 * A replay of a frozen set of dead letters (`replay_job_letters`), paced and resumable: the runner that
 * holds the lease (`lease_owner` until `lease_until`) acts; any instance takes over an expired lease.
 */
export const replayJobs = pgTable(
  'replay_jobs',
  {
    id: text('id').primaryKey(),
    state: text('state', { enum: REPLAY_JOB_STATES }).notNull(),
    /** What the operator asked for (`{ids}`, `{fingerprint}` or `{filter}`), as asked. */
    selection: jsonb('selection').$type<Record<string, unknown>>().notNull(),
    /** `{topic?, group?}`: absent means back to each letter's own topic, for every group. */
    target: jsonb('target')
      .$type<{ topic?: string; group?: string; failedGroup?: boolean }>()
      .notNull()
      .default({}),
    rateStart: integer('rate_start').notNull(),
    rateMax: integer('rate_max').notNull(),
    /** Re-failure share of replayed events that pauses the job (0..1). */
    pauseAtFailureRate: real('pause_at_failure_rate').notNull(),
    /** An edited replay: the event (CloudEvents JSON) that replaces the letter's, and its diff. */
    edit: jsonb('edit').$type<{ event: string; diff: unknown } | null>(),
    /** The preview the job was made from (counts, topics, groups, warnings), kept for the record. */
    plan: jsonb('plan').$type<Record<string, unknown>>().notNull(),
    total: integer('total').notNull(),
    replayed: integer('replayed').notNull().default(0),
    succeeded: integer('succeeded').notNull().default(0),
    failedAgain: integer('failed_again').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    approvedBy: text('approved_by'),
    approvedByName: text('approved_by_name'),
    /** Why the job is paused or failed, in words (`re-failure rate 40 % over 20 replays`). */
    reason: text('reason'),
    /** The pace the runner replays at now (letters per second), on the ramp towards `rate_max`. */
    rateCurrent: real('rate_current'),
    /** Letters matching the selection that arrived after the preview the job was made from (not included). */
    newSincePreview: integer('new_since_preview').notNull().default(0),
    /** The audit row of the job's creation: its outcome row follows it. */
    auditId: bigint('audit_id', { mode: 'number' }),
    /**
     * The highest `seq` the lease holder claimed. Its `pending` letters up to here may be on the bus
     * already (a runner died between sending and recording them): the next run checks them in Redis first.
     */
    claimedThrough: integer('claimed_through'),
    leaseOwner: text('lease_owner'),
    leaseUntil: at('lease_until'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
  },
  (t) => [index('replay_jobs_state_idx').on(t.state, t.createdAt)],
);

/** The frozen set of a job, one row per dead letter, in the order the job replays them. */
export const replayJobLetters = pgTable(
  'replay_job_letters',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => replayJobs.id, { onDelete: 'cascade' }),
    letterId: text('letter_id').notNull(),
    seq: integer('seq').notNull(),
    state: text('state', { enum: REPLAY_LETTER_STATES }).notNull().default('pending'),
    /** The replayed event's id (the original's, or a new one for an edited replay). */
    eventId: text('event_id'),
    entryId: text('entry_id'),
    /** The dead letter a replayed event produced when it failed again. */
    newLetterId: text('new_letter_id'),
    replayedAt: at('replayed_at'),
    settledAt: at('settled_at'),
    detail: text('detail'),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.letterId] }),
    index('replay_job_letters_order_idx').on(t.jobId, t.state, t.seq),
    index('replay_job_letters_event_idx').on(t.eventId),
    /** One live replay per letter: a second job (or a double click) on the same letter is refused. */
    uniqueIndex('replay_job_letters_live_idx')
      .on(t.letterId)
      .where(sql`state in ('pending', 'replaying')`),
  ],
);

/**
 * A preview's frozen set of letter ids (`dryRun`): a job made with its `previewId` acts on exactly
 * these, never on letters that arrived later. Kept for an hour; expired rows are deleted on the next preview.
 */
export const replayPreviews = pgTable(
  'replay_previews',
  {
    id: text('id').primaryKey(),
    letterIds: text('letter_ids').array().notNull(),
    /** The request previewed (selection, target, rate, edit), to check that the job asks the same. */
    request: jsonb('request').$type<Record<string, unknown>>().notNull(),
    plan: jsonb('plan').$type<Record<string, unknown>>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('replay_previews_expires_idx').on(t.expiresAt)],
);
