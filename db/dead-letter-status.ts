/**
 * A dead letter's status as the queries read it: from its `dead_letter_states` row, `pending` when it has
 * none (nobody acted on it). `letter` names the dead_letters row in the outer query (its alias, or the
 * table name): written qualified, because in a select list Drizzle leaves columns unqualified.
 */
import { sql, type SQL } from 'drizzle-orm';
import { DEAD_LETTER_STATUSES, type DeadLetterStatus } from './schema';

/** The letter's status. */
export function letterStatus(letter = 'dead_letters'): SQL<DeadLetterStatus> {
  return sql<DeadLetterStatus>`coalesce((select st.status from dead_letter_states st where st.letter_id = ${sql.raw(letter)}.id), 'pending')`;
}

/**
 * True when the letter's status is one of `statuses`: a semi-join on the states (an anti-join when
 * `pending` is among them, since a letter without a state row is pending), which the planner runs as
 * one hash join over many letters rather than a lookup per letter.
 */
export function letterStatusIn(statuses: readonly DeadLetterStatus[], letter = 'dead_letters'): SQL {
  const id = sql.raw(`${letter}.id`);
  const list = (values: readonly DeadLetterStatus[]) =>
    sql.join(
      values.map((s) => sql`${s}`),
      sql`, `,
    );
  if (!statuses.includes('pending'))
    return statuses.length === 0
      ? sql`false`
      : sql`exists (select 1 from dead_letter_states st where st.letter_id = ${id} and st.status in (${list(statuses)}))`;
  const others = DEAD_LETTER_STATUSES.filter((s) => !statuses.includes(s));
  return others.length === 0
    ? sql`true`
    : sql`not exists (select 1 from dead_letter_states st where st.letter_id = ${id} and st.status in (${list(others)}))`;
}
