/**
 * Dead letters grouped by failure fingerprint (`GET /api/dead-letters/groups`): count, categories,
 * event types, first/last seen and a trend over the filter's window, most letters first.
 */
import { and, desc, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import {
  MAX_DEAD_LETTER_GROUPS,
  type DeadLetterGroup,
  type DeadLetterGroups,
} from '@/server/contracts/dead-letter-list';
import { DEAD_LETTER_CATEGORIES } from '@/server/contracts/envelope';
import { deadLetterConditions, type DeadLetterWhere } from './dead-letter-filter';

export { MAX_DEAD_LETTER_GROUPS };
const MAX_EVENT_TYPES = 10;
export const TREND_BUCKETS = 24;
const DEFAULT_TREND_MS = 24 * 3_600_000;

export async function groupDeadLetters(
  db: Db,
  where: DeadLetterWhere,
  now = Date.now(),
  limit = MAX_DEAD_LETTER_GROUPS,
): Promise<DeadLetterGroups> {
  const conditions = deadLetterConditions(where);
  const categoryCounts = Object.fromEntries(
    DEAD_LETTER_CATEGORIES.map((category) => [
      category,
      sql<number>`count(*) filter (where ${deadLetters.category} = ${category})::integer`,
    ]),
  );
  const rows = await db
    .select({
      fingerprint: deadLetters.fingerprint,
      topic: deadLetters.topic,
      group: deadLetters.group,
      errorName: deadLetters.errorName,
      pattern: deadLetters.pattern,
      frame: deadLetters.frame,
      count: sql<number>`count(*)::integer`,
      total: sql<number>`(sum(count(*)) over ())::integer`,
      ...categoryCounts,
      eventTypes: sql<
        string[] | null
      >`(array_agg(distinct ${deadLetters.eventType}) filter (where ${deadLetters.eventType} is not null))[1:${sql.raw(String(MAX_EVENT_TYPES))}]`,
      firstSeen: sql<Date>`min(${deadLetters.firstFailureAt})`.mapWith(deadLetters.firstFailureAt),
      lastSeen: sql<Date>`max(${deadLetters.lastFailureAt})`.mapWith(deadLetters.lastFailureAt),
      sampleId: sql<string>`(array_agg(${deadLetters.id} order by ${deadLetters.lastFailureAt} desc, ${deadLetters.id} desc))[1]`,
    })
    .from(deadLetters)
    .where(and(...conditions))
    .groupBy(
      deadLetters.fingerprint,
      deadLetters.topic,
      deadLetters.group,
      deadLetters.errorName,
      deadLetters.pattern,
      deadLetters.frame,
    )
    .orderBy(desc(sql`count(*)`), desc(sql`max(${deadLetters.lastFailureAt})`), deadLetters.fingerprint)
    .limit(Math.min(limit, MAX_DEAD_LETTER_GROUPS));

  const trendTo = where.to?.getTime() ?? now;
  const trendFrom = where.from?.getTime() ?? trendTo - DEFAULT_TREND_MS;
  const bucketMs = Math.max(1, Math.ceil((trendTo - trendFrom) / TREND_BUCKETS));
  const trends = await trendOf(db, conditions, trendFrom, trendTo, bucketMs);

  const groups: DeadLetterGroup[] = rows.map((row) => {
    const categories: DeadLetterGroup['categories'] = {};
    for (const category of DEAD_LETTER_CATEGORIES) {
      const n = Number((row as Record<string, unknown>)[category] ?? 0);
      if (n > 0) categories[category] = n;
    }
    const key = groupKey(row);
    return {
      fingerprint: row.fingerprint,
      topic: row.topic,
      group: row.group,
      errorName: row.errorName,
      pattern: row.pattern,
      frame: row.frame,
      count: row.count,
      categories,
      eventTypes: row.eventTypes ?? [],
      firstSeen: row.firstSeen.toISOString(),
      lastSeen: row.lastSeen.toISOString(),
      trend: trends.get(key) ?? new Array<number>(TREND_BUCKETS).fill(0),
      sampleId: row.sampleId,
    };
  });
  return {
    groups,
    total: rows[0]?.total ?? 0,
    trendFrom: new Date(trendFrom).toISOString(),
    trendTo: new Date(trendTo).toISOString(),
    trendBucketMs: bucketMs,
  };
}

interface GroupIdentity {
  fingerprint: string;
  topic: string;
  group: string;
  errorName: string;
  pattern: string;
  frame: string;
}

/** Rows not fingerprinted yet share fingerprint '': the rest of the identity keeps them apart. */
const groupKey = (g: GroupIdentity) =>
  JSON.stringify([g.fingerprint, g.topic, g.group, g.errorName, g.pattern, g.frame]);

/** Letters per group and bucket of the window, oldest bucket first. */
async function trendOf(
  db: Db,
  conditions: ReturnType<typeof deadLetterConditions>,
  fromMs: number,
  toMs: number,
  bucketMs: number,
): Promise<Map<string, number[]>> {
  // the numbers are inlined (they are ours, not the caller's): the same expression must appear in the
  // select list and in GROUP BY, and two bound parameters would make them two different expressions
  const offset = sql.raw(String(Math.round(fromMs)));
  const width = sql.raw(String(Math.round(bucketMs)));
  const bucket = sql<number>`floor((extract(epoch from ${deadLetters.lastFailureAt}) * 1000 - ${offset}) / ${width})::integer`;
  const rows = await db
    .select({
      fingerprint: deadLetters.fingerprint,
      topic: deadLetters.topic,
      group: deadLetters.group,
      errorName: deadLetters.errorName,
      pattern: deadLetters.pattern,
      frame: deadLetters.frame,
      bucket,
      n: sql<number>`count(*)::integer`,
    })
    .from(deadLetters)
    .where(
      and(
        ...conditions,
        gte(deadLetters.lastFailureAt, new Date(fromMs)),
        lt(deadLetters.lastFailureAt, new Date(toMs)),
      ),
    )
    .groupBy(
      deadLetters.fingerprint,
      deadLetters.topic,
      deadLetters.group,
      deadLetters.errorName,
      deadLetters.pattern,
      deadLetters.frame,
      bucket,
    );
  const trends = new Map<string, number[]>();
  for (const row of rows) {
    const key = groupKey(row);
    let trend = trends.get(key);
    if (!trend) trends.set(key, (trend = new Array<number>(TREND_BUCKETS).fill(0)));
    const i = Math.min(TREND_BUCKETS - 1, Math.max(0, Number(row.bucket)));
    trend[i] = (trend[i] ?? 0) + Number(row.n);
  }
  return trends;
}
