/**
 * A dead letter's status as every reader sees it. A replay job marks only its own row of the letter
 * (`replay_job_letters`, which it writes anyway): rewriting the dead letter's row too, a wide row in
 * nine indexes, was most of what a paced replay cost the store while live traffic ran beside it. So
 * a letter stored `pending` (or `replaying`, left by older versions) that a job sent back to the bus
 * is `replayed`. Every other stored status stands: `discarded`, and `replayed` as written by one-letter
 * replays and by older versions.
 *
 * The SQL is text over a table alias because the retention step runs plain SQL. Aliases are code,
 * never input.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DEAD_LETTER_STATUSES } from './schema/dead-letters';

type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/** The job letter states of a letter that went back to the bus (whatever its outcome). */
export const SENT_LETTER_STATES = ['replayed', 'succeeded', 'failed-again'] as const;

/** {@link SENT_LETTER_STATES} as an SQL list's items: `state in (${SENT_STATES_SQL})`. */
export const SENT_STATES_SQL = SENT_LETTER_STATES.map((s) => `'${s}'`).join(', ');

/** True when a replay job sent the letter `alias` back to the bus (replay_job_letters_sent_idx). */
export function sentByJobText(alias: string): string {
  return `exists (select 1 from replay_job_letters sent where sent.letter_id = ${alias}.id and sent.state in (${SENT_STATES_SQL}))`;
}

/** The letter's status: its stored one, or `replayed` when a job sent it while stored as open. */
export function letterStatusText(alias: string): string {
  return `(case when ${alias}.status in ('pending', 'replaying') and ${sentByJobText(alias)} then 'replayed' else ${alias}.status end)`;
}

/** True when the letter's status is one of `statuses`, written so the status index serves `pending`. */
export function letterStatusInText(statuses: readonly DeadLetterStatus[], alias: string): string {
  const sent = sentByJobText(alias);
  const one: Record<DeadLetterStatus, string> = {
    pending: `(${alias}.status = 'pending' and not ${sent})`,
    replaying: `(${alias}.status = 'replaying' and not ${sent})`,
    replayed: `(${alias}.status = 'replayed' or (${alias}.status in ('pending', 'replaying') and ${sent}))`,
    discarded: `${alias}.status = 'discarded'`,
  };
  const parts = [...new Set(statuses)].map((status) => one[status]);
  return parts.length > 0 ? `(${parts.join(' or ')})` : 'false';
}

/** {@link letterStatusText} for Drizzle; `alias` defaults to the table's own name. */
export function letterStatus(alias = 'dead_letters'): SQL<DeadLetterStatus> {
  return sql<DeadLetterStatus>`${sql.raw(letterStatusText(alias))}`;
}

/** {@link letterStatusInText} for Drizzle. */
export function letterStatusIn(statuses: readonly DeadLetterStatus[], alias = 'dead_letters'): SQL<boolean> {
  return sql<boolean>`${sql.raw(letterStatusInText(statuses, alias))}`;
}
