/**
 * Dead letters' statuses and operators' history for tests: they live in `dead_letter_states` (one row per
 * letter acted on, none while pending), apart from the recorded `dead_letters` row.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  deadLetterStates,
  deadLetters,
  type DeadLetterHistoryEntry,
  type DeadLetterStatus,
} from '@/db/schema';

/** Gives the letter `status` (and replaces its operators' history), as an action on it would. */
export async function setLetterState(
  db: Db,
  letterId: string,
  status: DeadLetterStatus,
  history: DeadLetterHistoryEntry[] = [],
  changedAt = new Date(),
): Promise<void> {
  await db
    .insert(deadLetterStates)
    .values({ letterId, status, history, changedAt })
    .onConflictDoUpdate({
      target: deadLetterStates.letterId,
      set: {
        status: sql`excluded.status`,
        history: sql`excluded.history`,
        changedAt: sql`excluded.changed_at`,
      },
    });
}

/** The letter's status: its state row's, `pending` when it has none. */
export async function letterStatusOf(db: Db, letterId: string): Promise<DeadLetterStatus> {
  const [row] = await db
    .select({ status: deadLetterStates.status })
    .from(deadLetterStates)
    .where(eq(deadLetterStates.letterId, letterId));
  return row?.status ?? 'pending';
}

/** The letter's whole history: what the recorder wrote, then what operators did. */
export async function letterHistory(db: Db, letterId: string): Promise<DeadLetterHistoryEntry[]> {
  const [letter] = await db
    .select({ history: deadLetters.history })
    .from(deadLetters)
    .where(eq(deadLetters.id, letterId));
  const [state] = await db
    .select({ history: deadLetterStates.history })
    .from(deadLetterStates)
    .where(eq(deadLetterStates.letterId, letterId));
  return [...(letter?.history ?? []), ...(state?.history ?? [])];
}
