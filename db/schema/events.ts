import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * Every event the recorder has seen, SDK-written or foreign. Identity is the event's `source` + `id`
 * (foreign entries: source = stream key, id = `<stream>/<entry id>`), never the stream entry id alone.
 * On Postgres and PGlite the table is partitioned by day on `time` (the migration says so by hand:
 * drizzle-kit cannot), which is why `time` is part of the key: retention drops whole partitions.
 */
export const events = pgTable(
  'events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    /** Event time: the envelope's `time`, else the entry id's milliseconds. */
    time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
    topic: text('topic').notNull(),
    stream: text('stream').notNull(),
    entryId: text('entry_id').notNull(),
    type: text('type').notNull(),
    subject: text('subject'),
    correlationId: text('correlation_id'),
    causationId: text('causation_id'),
    traceparent: text('traceparent'),
    tenantId: text('tenant_id'),
    dataVersion: integer('data_version'),
    sensitivity: text('sensitivity'),
    /** As written (json, not jsonb): a third smaller for typical payloads, and key order kept. */
    data: json('data'),
    /** The entry's fields as written, for foreign and undecodable entries. */
    rawFields: jsonb('raw_fields').$type<Record<string, string>>(),
    foreign: boolean('foreign').notNull().default(false),
    /** Why the entry could not be decoded, when it could not. */
    decodeError: text('decode_error'),
    sizeBytes: integer('size_bytes').notNull().default(0),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // event id first: the key also serves lookups by id alone (no separate index on it)
    primaryKey({ name: 'events_pk', columns: [t.eventId, t.source, t.time] }),
    // One column, not (correlation, time): equal keys share one entry (btree deduplication), a
    // fraction of the size; a chain's rows are sorted after the lookup. Partial: events without a
    // correlation or cause need no entry.
    index('events_correlation_idx')
      .on(t.correlationId)
      .where(sql`correlation_id is not null`),
    index('events_causation_idx')
      .on(t.causationId)
      .where(sql`causation_id is not null`),
    index('events_type_time_idx').on(t.type, t.time),
    index('events_topic_time_idx').on(t.topic, t.time),
    index('events_time_idx').on(t.time),
  ],
);

/** Days to keep events of a type; `*` is the default for every other type. */
export const retentionPolicies = pgTable('retention_policies', {
  type: text('type').primaryKey(),
  days: integer('days').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`),
});
