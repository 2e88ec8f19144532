import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export interface DeadLetterHistoryEntry {
  at: string;
  action: 'recorded' | 'replaying' | 'replayed' | 'discarded' | 'edited' | 'replay-failed';
  actor: string;
  detail?: string;
}

/** Dead letters as recorded from the topics' dead-letter streams, with what operators did to them. */
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
    status: text('status', { enum: ['pending', 'replaying', 'replayed', 'discarded'] })
      .notNull()
      .default('pending'),
    history: jsonb('history').$type<DeadLetterHistoryEntry[]>().notNull().default([]),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('dead_letters_status_idx').on(t.status, t.lastFailureAt),
    index('dead_letters_topic_idx').on(t.topic, t.lastFailureAt),
    index('dead_letters_category_idx').on(t.category),
    index('dead_letters_correlation_idx').on(t.correlationId),
  ],
);
