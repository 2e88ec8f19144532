/**
 * Where trace search finds its candidates: a newest-first walk of one index, yielding correlation ids
 * with the time of the row that named them. Events by time (or by type and time for a root type, by
 * topic and time for a topic, by topic and time over each of its topics for a service); dead letters by
 * recording time when the search asks for dead letters or replays (rare rows: walking events to find
 * them would spend the scan budget on nothing).
 */
import { sql, type SQL } from 'drizzle-orm';
import { letterStatusIn } from '@/db/dead-letter-status';
import type { TraceSearchQuery } from '@/server/contracts/traces';
import { textArray } from './load-trace';

/** Exact UTC text of a timestamp column (microseconds): keys compare as strings. */
export const exactText = (column: SQL): SQL =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface CandidateSource {
  /** `events` or `dead_letters`, aliased `s` in the scan and the newest-row lookup. */
  table: SQL;
  /** The walked time column. */
  time: SQL;
  /** What a row must be to name a candidate (over the alias `s`), beyond having a correlation id. */
  predicate: SQL;
  /** Walk events_topic_time_idx once per topic, merged newest first (a service's topics). */
  topics?: readonly string[];
}

/**
 * `serviceTopics`: the topics the searched service publishes to or consumes from, when the search names
 * a service and nothing narrower (see service-filter.ts); none for a name the store does not know.
 */
export function candidateSource(
  query: Pick<TraceSearchQuery, 'has' | 'rootType' | 'topic'>,
  serviceTopics: readonly string[] = [],
): CandidateSource {
  const has = query.has ?? [];
  if (has.includes('dead-letters') || has.includes('replays')) {
    const predicate = has.includes('replays') ? letterStatusIn(['replaying', 'replayed'], 's') : sql`true`;
    return { table: sql`dead_letters`, time: sql`s.recorded_at`, predicate };
  }
  const parts: SQL[] = [];
  // a root has no cause: events_type_time_idx walks the roots of that type
  if (query.rootType !== undefined) parts.push(sql`s.type = ${query.rootType} and s.causation_id is null`);
  if (query.topic !== undefined) parts.push(sql`s.topic = ${query.topic}`);
  if (parts.length === 0 && serviceTopics.length > 0) {
    return {
      table: sql`events`,
      time: sql`s.time`,
      predicate: sql`s.topic = any(${textArray(serviceTopics)})`,
      topics: serviceTopics,
    };
  }
  return {
    table: sql`events`,
    time: sql`s.time`,
    predicate: parts.length > 0 ? sql.join(parts, sql` and `) : sql`true`,
  };
}
