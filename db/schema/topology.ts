import { bigint, integer, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The flow graph's edges, accumulated by the recorder: service → topic (`publishes`, from event sources)
 * and topic → group (`delivers`, from delivery telemetry) with failures and a latency histogram.
 */
export const topologyEdges = pgTable(
  'topology_edges',
  {
    kind: text('kind', { enum: ['publishes', 'delivers'] }).notNull(),
    from: text('from_node').notNull(),
    to: text('to_node').notNull(),
    events: bigint('events', { mode: 'number' }).notNull().default(0),
    failures: bigint('failures', { mode: 'number' }).notNull().default(0),
    /** Handling latency counts per bucket of LATENCY_BUCKETS_MS (see db/schema/metrics.ts). */
    latencyBuckets: integer('latency_buckets').array().notNull().default([]),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ name: 'topology_edges_pk', columns: [t.kind, t.from, t.to] })],
);

/** Upper bounds (ms) of the latency histogram buckets; the last bucket is everything above. */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000] as const;

export const serviceNodes = pgTable('service_nodes', {
  service: text('service').primaryKey(),
  source: text('source').notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
  eventsPublished: bigint('events_published', { mode: 'number' }).notNull().default(0),
  /** Mean payload size, for the flow graph's tooltips. */
  meanSizeBytes: real('mean_size_bytes').notNull().default(0),
});
