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
