import { sql, type SQL } from 'drizzle-orm';

/**
 * True when the dead letter `letter` (an alias or table name in the outer query) is its event failing
 * again: another dead letter of the same event, recorded no later, was replayed.
 *
 * The other letters are found by event id alone, and their status (their state row) is checked after:
 * `offset 0` keeps the planner from pulling the status test into the lookup. With it inside, the planner ANDed the
 * status index into every lookup whenever its statistics lagged behind a replay (they always do right
 * after one), and each lookup then read every replayed letter: a preview's time grew with every
 * letter replayed before it.
 */
export function failedAfterReplay(letter: string): SQL<boolean> {
  const outer = sql.raw(letter);
  return sql<boolean>`(${outer}.event_id is not null and exists (
    select 1 from (select other.id, other.recorded_at from dead_letters other
                   where other.event_id = ${outer}.event_id offset 0) other
    join dead_letter_states st on st.letter_id = other.id and st.status = 'replayed'
    where other.id <> ${outer}.id and other.recorded_at <= ${outer}.recorded_at))`;
}
