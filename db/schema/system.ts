import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every EventLens process (server, recorder) registers here and refreshes `seenAt`.
 * The health check writes its own row, so "store ok" means "accepts writes", not just "answers".
 */
export const instances = pgTable('instances', {
  id: text('id').primaryKey(),
  role: text('role', { enum: ['server', 'recorder'] }).notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  version: text('version').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
});

/**
 * This database's identity, one row written by its migration. `recorderGroup` is the consumer group the
 * recorders writing here share by default: a group is shared work, so two EventLens deployments with
 * their own databases on one Redis must not share one, or each records only part of every stream. A
 * database that had recorded before this table existed keeps the group it used (`eventlens-recorder`),
 * so an upgrade does not read every stream again; a new one gets a name of its own.
 */
export const storeIdentity = pgTable('store_identity', {
  id: text('id').primaryKey(),
  recorderGroup: text('recorder_group').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
