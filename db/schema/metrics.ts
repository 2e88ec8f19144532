import { bigint, integer, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';

export { LATENCY_BUCKETS_MS } from './topology';

/**
 * Counters per topic (`scope = 'topic'`, key = topic) and per group (`scope = 'group'`,
 * key = `<topic>/<group>`) in 10 s and 1 min buckets. The recorder upserts increments; charts read these.
 */
export const metricRollups = pgTable(
  'metric_rollups',
  {
    resolution: text('resolution', { enum: ['10s', '1m'] }).notNull(),
    scope: text('scope', { enum: ['topic', 'group'] }).notNull(),
    key: text('key').notNull(),
    bucketStart: timestamp('bucket_start', { withTimezone: true, mode: 'date' }).notNull(),
    /** Events published (topic) or handled (group). */
    count: bigint('count', { mode: 'number' }).notNull().default(0),
    failed: bigint('failed', { mode: 'number' }).notNull().default(0),
    retried: bigint('retried', { mode: 'number' }).notNull().default(0),
    deadLettered: bigint('dead_lettered', { mode: 'number' }).notNull().default(0),
    latencySumMs: real('latency_sum_ms').notNull().default(0),
    latencyMaxMs: real('latency_max_ms').notNull().default(0),
    latencyBuckets: integer('latency_buckets').array().notNull().default([]),
    /** Group lag sampled by the recorder at the end of the bucket (entries). */
    lag: bigint('lag', { mode: 'number' }),
  },
  (t) => [primaryKey({ name: 'metric_rollups_pk', columns: [t.resolution, t.scope, t.key, t.bucketStart] })],
);
