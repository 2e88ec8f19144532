/**
 * The dead-letter filter as SQL: shared by the list, the groups, and the selections that replays and
 * discards act on, so that "what the page shows" and "what the action touches" are the same rows.
 */
import { and, gte, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import { letterStatusIn } from '@/db/dead-letter-status';
import { deadLetters } from '@/db/schema';
import type {
  DeadLetterFilter,
  DeadLetterListQuery,
  DeadLetterStatus,
} from '@/server/contracts/dead-letter-list';

/** The filter once parsed, whether it came as query parameters or as JSON. */
export interface DeadLetterWhere {
  topic?: string[];
  group?: string[];
  category?: string[];
  type?: string[];
  /** Absent: pending only; `all` in the list: any status. */
  status?: string[];
  from?: Date;
  to?: Date;
  q?: string;
  fingerprint?: string[];
}

/** A JSON `{filter}` (ISO times) as a DeadLetterWhere. */
export function whereFromFilter(filter: DeadLetterFilter): DeadLetterWhere {
  const { from, to, ...rest } = filter;
  return {
    ...rest,
    ...(from ? { from: new Date(from) } : {}),
    ...(to ? { to: new Date(to) } : {}),
  };
}

/** The list's query parameters (without limit and cursor) as a DeadLetterWhere. */
export function whereFromQuery(query: DeadLetterListQuery): DeadLetterWhere {
  const { limit: _limit, cursor: _cursor, ...rest } = query;
  return rest;
}

/** The statuses a filter means: pending when none is given, every status when `all` is among them. */
export function statusesOf(where: DeadLetterWhere): DeadLetterStatus[] | null {
  const asked = where.status ?? [];
  if (asked.length === 0) return ['pending'];
  if (asked.includes('all')) return null;
  return asked as DeadLetterStatus[];
}

/** `%` and `_` in the user's text match themselves. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The conditions of a filter, ANDed by the caller (`and(...conditions)`). */
export function deadLetterConditions(where: DeadLetterWhere): SQL[] {
  const conditions: SQL[] = [];
  const list = (column: Parameters<typeof inArray>[0], values: string[] | undefined) => {
    if (values && values.length > 0) conditions.push(inArray(column, values));
  };
  list(deadLetters.topic, where.topic);
  list(deadLetters.group, where.group);
  list(deadLetters.category, where.category);
  list(deadLetters.eventType, where.type);
  list(deadLetters.fingerprint, where.fingerprint);
  const statuses = statusesOf(where);
  if (statuses) conditions.push(letterStatusIn(statuses));
  if (where.from) conditions.push(gte(deadLetters.lastFailureAt, where.from));
  if (where.to) conditions.push(lt(deadLetters.lastFailureAt, where.to));
  if (where.q) {
    const pattern = likeContains(where.q);
    conditions.push(
      or(
        ilike(deadLetters.errorName, pattern),
        ilike(deadLetters.errorMessage, pattern),
        ilike(deadLetters.eventType, pattern),
      )!,
    );
  }
  return conditions;
}

/** One SQL condition for the whole filter (true when it has none). */
export function deadLetterWhereSql(where: DeadLetterWhere): SQL | undefined {
  return and(...deadLetterConditions(where));
}
