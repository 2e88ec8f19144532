/**
 * The dead-letter list: filtered (dead-letter-filter.ts), newest last failure first, keyset-paginated
 * on (last failure, id) so that pages neither repeat nor skip rows while the recorder inserts.
 */
import { and, desc, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { letterStatus } from '@/db/dead-letter-status';
import { deadLetters } from '@/db/schema';
import type { DeadLetterListItem, DeadLetterPage } from '@/server/contracts/dead-letter-list';
import { deadLetterCursor } from './dead-letter-cursor';
import { deadLetterConditions, type DeadLetterWhere } from './dead-letter-filter';
import { InvalidCursorError } from './errors';
import { failedAfterReplay } from './failed-after-replay';

export const DEFAULT_DEAD_LETTER_PAGE = 100;

/** The last failure at full (microsecond) precision, for cursors. */
const exactLastFailure = sql<string>`to_char(${deadLetters.lastFailureAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const listColumns = {
  id: deadLetters.id,
  topic: deadLetters.topic,
  group: deadLetters.group,
  consumer: deadLetters.consumer,
  eventId: deadLetters.eventId,
  eventType: deadLetters.eventType,
  correlationId: deadLetters.correlationId,
  category: deadLetters.category,
  attempts: deadLetters.attempts,
  firstFailureAt: deadLetters.firstFailureAt,
  lastFailureAt: deadLetters.lastFailureAt,
  errorName: deadLetters.errorName,
  errorMessage: deadLetters.errorMessage,
  fingerprint: deadLetters.fingerprint,
  // written qualified: in a select list Drizzle leaves columns unqualified
  status: letterStatus('dead_letters'),
  failedAfterReplay: failedAfterReplay('dead_letters'),
};

const _selectList = (db: Db) => db.select(listColumns).from(deadLetters);
export type DeadLetterListRow = Awaited<ReturnType<typeof _selectList>>[number];

export function toDeadLetterItem(row: DeadLetterListRow): DeadLetterListItem {
  return {
    ...row,
    firstFailureAt: row.firstFailureAt.toISOString(),
    lastFailureAt: row.lastFailureAt.toISOString(),
    failedAfterReplay: Boolean(row.failedAfterReplay),
  };
}

export interface DeadLetterListOptions {
  limit?: number;
  /** `nextCursor` of the previous page, as issued. */
  cursor?: string;
}

/** One page of the letters matching `where`: `{items, nextCursor}`. */
export async function listDeadLetters(
  db: Db,
  where: DeadLetterWhere,
  options: DeadLetterListOptions = {},
): Promise<DeadLetterPage> {
  const limit = options.limit ?? DEFAULT_DEAD_LETTER_PAGE;
  const conditions: SQL[] = deadLetterConditions(where);
  if (options.cursor !== undefined) {
    const cursor = deadLetterCursor.decode(options.cursor);
    if (!cursor) throw new InvalidCursorError();
    conditions.push(
      sql`(${deadLetters.lastFailureAt}, ${deadLetters.id}) < (${cursor.time}::timestamptz, ${cursor.id})`,
    );
  }
  const rows = await db
    .select({ ...listColumns, cursorAt: exactLastFailure })
    .from(deadLetters)
    .where(and(...conditions))
    .orderBy(desc(deadLetters.lastFailureAt), desc(deadLetters.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ cursorAt: _cursorAt, ...row }) => toDeadLetterItem(row)),
    nextCursor:
      rows.length > limit && last ? deadLetterCursor.encode({ time: last.cursorAt, id: last.id }) : null,
  };
}
