import { index, integer, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** One delivery outcome reported by an SDK consumer (the telemetry stream), per event, group and attempt. */
export const deliveries = pgTable(
  'deliveries',
  {
    topic: text('topic').notNull(),
    entryId: text('entry_id').notNull(),
    group: text('group_name').notNull(),
    consumer: text('consumer').notNull(),
    service: text('service').notNull(),
    eventId: text('event_id'),
    type: text('type'),
    correlationId: text('correlation_id'),
    outcome: text('outcome', {
      enum: ['handled', 'failed', 'retried', 'dead-lettered', 'ack-refused', 'duplicate'],
    }).notNull(),
    attempt: integer('attempt').notNull(),
    durationMs: real('duration_ms'),
    category: text('category'),
    error: text('error'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    // the same telemetry batch read twice (a recorder crash before its ack) inserts nothing new
    uniqueIndex('deliveries_identity_idx').on(t.topic, t.entryId, t.group, t.attempt, t.outcome, t.consumer),
    index('deliveries_event_idx').on(t.eventId),
    index('deliveries_group_at_idx').on(t.group, t.at),
    index('deliveries_at_idx').on(t.at),
  ],
);
