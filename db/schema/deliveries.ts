import { sql } from 'drizzle-orm';
import { index, integer, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Who handled a delivery: a handful of rows that every delivery refers to by id, instead of repeating
 * four names on each (most of a delivery row's bytes were these names).
 */
export const deliveryConsumers = pgTable(
  'delivery_consumers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    topic: text('topic').notNull(),
    group: text('group_name').notNull(),
    consumer: text('consumer').notNull(),
    service: text('service').notNull(),
  },
  (t) => [uniqueIndex('delivery_consumers_identity_idx').on(t.topic, t.group, t.consumer, t.service)],
);

/**
 * One delivery outcome reported by an SDK consumer (the telemetry stream), per event, group and attempt.
 * The event's type and correlation id are not repeated here: the event's row has them.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    /** delivery_consumers.id; no foreign key, so that inserting a delivery costs no extra lookup. */
    consumerId: integer('consumer_id').notNull(),
    entryId: text('entry_id').notNull(),
    eventId: text('event_id'),
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
    // The same telemetry batch read twice (a recorder crash before its ack) inserts nothing new. The
    // identity leads with the event id so that it also serves an event's deliveries (one index, not
    // two); deliveries without an event id have their own (rarely used, so small) identity.
    uniqueIndex('deliveries_identity_idx').on(t.eventId, t.consumerId, t.entryId, t.attempt, t.outcome),
    uniqueIndex('deliveries_identity_no_event_idx')
      .on(t.consumerId, t.entryId, t.attempt, t.outcome)
      .where(sql`event_id is null`),
    // retention deletes by time over rows appended in time order: a block range index is enough
    index('deliveries_at_idx').using('brin', t.at),
    // History's error filter looks for text anywhere in the error (ILIKE '%…%'): only trigrams serve that.
    // Partial: most deliveries succeed and carry no error, and their inserts should not pay for it
    index('deliveries_error_trgm_idx')
      .using('gin', t.error.op('gin_trgm_ops'))
      // without the pending list: seven times smaller on the recorder's small steady inserts
      .with({ fastupdate: false })
      .where(sql`error is not null`),
  ],
);
