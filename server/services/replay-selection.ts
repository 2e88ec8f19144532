/**
 * Which dead letters a replay acts on: the selection resolved by the same query the list page and the
 * discard use (server/queries/dead-letter-selection.ts), kept to pending letters (an `{ids}` selection
 * resolves to recorded letters whatever their status: a replayed or discarded one is not replayed).
 */
import { and, asc, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import { letterStatusIn } from '@/db/dead-letter-status';
import type { ReplaySelection } from '@/server/contracts/replays';
import { selectDeadLetterIds } from '@/server/queries/dead-letter-selection';

/** The most letters one job replays; a larger selection is refused with this number in the message. */
export const REPLAY_MAX_LETTERS = 100_000;

/** Pending letter ids of the selection, oldest failure first (the order the job replays them). */
export async function resolveSelection(db: Db, selection: ReplaySelection, limit: number): Promise<string[]> {
  const ids = await selectDeadLetterIds(db, selection, limit);
  if (!('ids' in selection) || ids.length === 0) return ids;
  const pending = await db
    .select({ id: deadLetters.id })
    .from(deadLetters)
    .where(and(inArray(deadLetters.id, ids), letterStatusIn(['pending'])))
    .orderBy(asc(deadLetters.lastFailureAt), asc(deadLetters.id));
  return pending.map((r) => r.id);
}
