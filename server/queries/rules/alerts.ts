import { and, desc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { events } from '@/db/schema';
import { InvalidCursorError } from '../errors';
import { ruleAlertCursor } from './cursor';
import { alertScope, type RuleTarget } from './matches';

/** A stored alert before masking: its data is the SDK's RuleAlert as published. */
export interface StoredAlert {
  id: string;
  source: string;
  time: string;
  type: string;
  sensitivity: string | null;
  correlationId: string | null;
  data: unknown;
}

export interface StoredAlertPage {
  items: StoredAlert[];
  nextCursor: string | null;
}

/** event time at full (microsecond) precision, for cursors. */
const exactTime = sql<string>`to_char(${events.time} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A rule's alerts, newest first, keyset-paginated on (time, event id). */
export async function listRuleAlerts(
  db: Db,
  target: RuleTarget,
  query: { cursor?: string | undefined; limit: number },
): Promise<StoredAlertPage> {
  const conditions = [alertScope(target)];
  if (query.cursor !== undefined) {
    const cursor = ruleAlertCursor.decode(query.cursor);
    if (!cursor) throw new InvalidCursorError();
    conditions.push(sql`(${events.time}, ${events.eventId}) < (${cursor.time}::timestamptz, ${cursor.id})`);
  }
  const rows = await db
    .select({
      id: events.eventId,
      source: events.source,
      time: exactTime,
      type: events.type,
      sensitivity: events.sensitivity,
      correlationId: events.correlationId,
      data: events.data,
    })
    .from(events)
    .where(and(...conditions))
    .orderBy(desc(events.time), desc(events.eventId))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor:
      rows.length > query.limit && last ? ruleAlertCursor.encode({ time: last.time, id: last.id }) : null,
  };
}
