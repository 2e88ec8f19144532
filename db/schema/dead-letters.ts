import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const DEAD_LETTER_STATUSES = ['pending', 'replaying', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

export interface DeadLetterHistoryEntry {
  at: string;
  action: 'recorded' | 'replaying' | 'replayed' | 'discarded' | 'edited' | 'replay-failed';
  actor: string;
  detail?: string;
  /** The replay job that acted, when one did. */
  jobId?: string;
}

/**
 * Dead letters as recorded from the topics' dead-letter streams: written once, by the recorder (or by an
 * action on a letter the recorder had not seen yet), and never rewritten by what operators do to them;
 * that lives in `dead_letter_states`.
 */
export const deadLetters = pgTable(
  'dead_letters',
  {
    /** `<topic>/<dead-letter entry id>`, as the SDK names them. */
    id: text('id').primaryKey(),
    topic: text('topic').notNull(),
    group: text('group_name').notNull(),
    consumer: text('consumer').notNull(),
    entryId: text('entry_id').notNull(),
    eventId: text('event_id'),
    eventType: text('event_type'),
    correlationId: text('correlation_id'),
    category: text('category', {
      enum: ['transient', 'poison', 'invalid-schema', 'timeout', 'trimmed'],
    }).notNull(),
    attempts: integer('attempts').notNull(),
    firstFailureAt: timestamp('first_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
    errorName: text('error_name').notNull(),
    errorMessage: text('error_message').notNull(),
    errorStack: text('error_stack').notNull(),
    raw: jsonb('raw').$type<Record<string, string>>().notNull(),
    /**
     * What groups letters by cause: a hash of topic, group, error name, the message with ids and numbers
     * normalised (`pattern`) and the top application stack frame (`frame`). Empty until computed (rows
     * recorded before fingerprints existed are filled in by maintenance).
     */
    fingerprint: text('fingerprint').notNull().default(''),
    pattern: text('pattern').notNull().default(''),
    frame: text('frame').notNull().default(''),
    /** What the recorder saw (`recorded`); operators' actions are in `dead_letter_states.history`. */
    history: jsonb('history').$type<DeadLetterHistoryEntry[]>().notNull().default([]),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('dead_letters_last_failure_idx').on(t.lastFailureAt),
    index('dead_letters_topic_idx').on(t.topic, t.lastFailureAt),
    index('dead_letters_category_idx').on(t.category),
    index('dead_letters_correlation_idx').on(t.correlationId),
    index('dead_letters_fingerprint_idx').on(t.fingerprint, t.lastFailureAt),
    index('dead_letters_event_idx').on(t.eventId),
    // replay jobs match the letters recorded since their last look (failed again), not every letter
    index('dead_letters_recorded_idx').on(t.recordedAt),
    // History's error filter looks for text anywhere in the message (ILIKE '%…%'): only trigrams serve that.
    // A small pending list takes a recorder batch's trigrams in one append and merges them in bulk
    index('dead_letters_error_trgm_idx')
      .using('gin', t.errorMessage.op('gin_trgm_ops'))
      .with({ fastupdate: true, gin_pending_list_limit: 256 }),
  ],
);

/**
 * What operators did to a dead letter: its status and the history of their actions, one narrow row per
 * letter acted on (none: pending, never touched). Kept apart from the wide, heavily indexed
 * `dead_letters` row because a replay marks hundreds of letters a second beside live traffic: rewriting
 * the recorded row gave every index (the error trigrams most of all) a new entry per letter, and
 * re-compressed its payload, for a change of one word.
 *
 * No foreign key to `dead_letters`, on purpose: its check locks the referenced row, and a row lock is a
 * write to the wide row's page (a WAL record, and a full-page image on the first touch after a
 * checkpoint), per replayed letter. Writers add a state only for a letter whose row exists (the
 * recorder's row, or the action's own first), and triggers (migration 0015) do what the key's cascade
 * did: deleting or truncating dead letters takes their states along.
 */
export const deadLetterStates = pgTable(
  'dead_letter_states',
  {
    letterId: text('letter_id').primaryKey(),
    status: text('status', { enum: DEAD_LETTER_STATUSES }).notNull(),
    history: jsonb('history').$type<DeadLetterHistoryEntry[]>().notNull().default([]),
    /** The last action's time: retention of handled letters counts from it. */
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('dead_letter_states_status_idx').on(t.status, t.changedAt)],
);
