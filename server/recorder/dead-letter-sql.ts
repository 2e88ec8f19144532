/** The statement that writes `dead_letters` (idempotent on the dead letter's id), and its parameters. */
import type { DeadLetterRow } from './project';
import { columns, literals, time, unnest } from './sql-arrays';
import { jsonbText } from './storable';

const DEAD_LETTER_CASTS = [
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  'integer',
  'timestamptz',
  'timestamptz',
  '',
  '',
  '',
  'jsonb',
  'jsonb',
  '',
  '',
  '',
];
export const INSERT_DEAD_LETTERS =
  `insert into dead_letters (id, topic, group_name, consumer, entry_id, event_id, event_type, correlation_id, ` +
  `category, attempts, first_failure_at, last_failure_at, error_name, error_message, error_stack, raw, history, fingerprint, pattern, frame) ` +
  `${unnest(DEAD_LETTER_CASTS)} on conflict (id) do nothing returning id`;

/** Parameters of INSERT_DEAD_LETTERS. */
export function deadLetterParams(rows: readonly DeadLetterRow[]): string[] {
  return literals(
    columns(rows, DEAD_LETTER_CASTS.length, (r) => [
      r.id,
      r.topic,
      r.group,
      r.consumer,
      r.entryId,
      r.eventId,
      r.eventType,
      r.correlationId,
      r.category,
      String(r.attempts),
      time(r.firstFailureMs),
      time(r.lastFailureMs),
      r.errorName,
      r.errorMessage,
      r.errorStack,
      jsonbText(r.raw),
      jsonbText(r.history),
      r.fingerprint,
      r.pattern,
      r.frame,
    ]),
  );
}
