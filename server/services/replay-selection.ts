/**
 * Which dead letters a replay acts on: `{ids}`, `{fingerprint}` or `{filter}`, resolved against the store
 * to pending letters' ids, oldest failure first (the order the job replays them).
 * TODO(step 7): switch to selectDeadLetterIds from server/queries/dead-letter-selection.ts once it lands,
 * so that a replay and the list page read the same filter the same way.
 */
import { and, asc, eq, gte, ilike, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import type { DeadLetterFilter } from '@/server/contracts/dead-letter-list';
import type { ReplaySelection } from '@/server/contracts/replays';

/** The most letters one job replays; a larger selection is refused with this number in the message. */
export const REPLAY_MAX_LETTERS = 100_000;

export async function resolveSelection(db: Db, selection: ReplaySelection, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: deadLetters.id })
    .from(deadLetters)
    .where(and(...conditions(selection)))
    .orderBy(asc(deadLetters.lastFailureAt), asc(deadLetters.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

function conditions(selection: ReplaySelection): SQL[] {
  if ('ids' in selection) return [inArray(deadLetters.id, selection.ids), eq(deadLetters.status, 'pending')];
  if ('fingerprint' in selection)
    return [eq(deadLetters.fingerprint, selection.fingerprint), eq(deadLetters.status, 'pending')];
  return filterConditions(selection.filter);
}

function filterConditions(filter: DeadLetterFilter): SQL[] {
  const out: SQL[] = [inArray(deadLetters.status, filter.status ?? ['pending'])];
  if (filter.topic) out.push(inArray(deadLetters.topic, filter.topic));
  if (filter.group) out.push(inArray(deadLetters.group, filter.group));
  if (filter.category) out.push(inArray(deadLetters.category, filter.category));
  if (filter.type) out.push(inArray(deadLetters.eventType, filter.type));
  if (filter.fingerprint) out.push(inArray(deadLetters.fingerprint, filter.fingerprint));
  if (filter.from) out.push(gte(deadLetters.lastFailureAt, new Date(filter.from)));
  if (filter.to) out.push(lte(deadLetters.lastFailureAt, new Date(filter.to)));
  if (filter.q) {
    const words = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    out.push(
      or(
        ilike(deadLetters.errorName, words),
        ilike(deadLetters.errorMessage, words),
        ilike(deadLetters.eventType, words),
      )!,
    );
  }
  return out;
}
