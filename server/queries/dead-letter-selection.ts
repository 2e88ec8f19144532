/**
 * Which letters a replay or a discard acts on: the selection (`{ids}`, `{fingerprint}` or `{filter}`)
 * resolved to letter ids in a stable order (oldest last failure first, then id), so that a preview and
 * the job it freezes list the same letters in the same order.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import { letterStatusIn } from '@/db/dead-letter-status';
import type { DiscardRequest } from '@/server/contracts/dead-letter-list';
import type { ReplaySelection } from '@/server/contracts/replays';
import { deadLetterConditions, whereFromFilter } from './dead-letter-filter';

export type DeadLetterSelection = ReplaySelection | DiscardRequest['selection'];

/**
 * The ids of at most `limit` letters of the selection:
 * - `{ids}`: those of the given ids that are recorded, whatever their status (the caller says why it
 *   skips a replayed or discarded one);
 * - `{fingerprint}`: the group's pending letters;
 * - `{filter}`: the letters the filter matches (pending unless it names statuses).
 */
export async function selectDeadLetterIds(
  db: Db,
  selection: DeadLetterSelection,
  limit: number,
): Promise<string[]> {
  const condition =
    'ids' in selection
      ? inArray(deadLetters.id, [...new Set(selection.ids)])
      : 'fingerprint' in selection
        ? and(eq(deadLetters.fingerprint, selection.fingerprint), letterStatusIn(['pending']))
        : and(...deadLetterConditions(whereFromFilter(selection.filter)));
  const rows = await db
    .select({ id: deadLetters.id })
    .from(deadLetters)
    .where(condition)
    .orderBy(asc(deadLetters.lastFailureAt), asc(deadLetters.id))
    .limit(Math.max(0, limit));
  return rows.map((row) => row.id);
}
