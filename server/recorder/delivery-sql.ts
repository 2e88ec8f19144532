/** The statements that write `deliveries` (the SDK's delivery telemetry), and their parameters. */
import type { DeliveryRow } from './project';
import { columns, literals, num, time, unnest } from './sql-arrays';

/** Parameter order: topic, entry id, group, consumer, service, event id, outcome, attempt, ms, category, error, at. */
const DELIVERY_CASTS = ['', '', '', '', '', '', '', 'integer', 'real', '', '', 'timestamptz'];
const NAMES = `u.c0 = k.topic and u.c2 = k.group_name and u.c3 = k.consumer and u.c4 = k.service`;

/**
 * Adds the consumers a batch names that delivery_consumers lacks, in key order (two writers adding the
 * same new names wait for each other instead of deadlocking). Names already stored are filtered out
 * first: `on conflict` alone would draw an id from the sequence for every row of every batch.
 */
export const INSERT_DELIVERY_CONSUMERS =
  `insert into delivery_consumers (topic, group_name, consumer, service) ` +
  `select distinct u.c0, u.c2, u.c3, u.c4 ` +
  `from unnest(${DELIVERY_CASTS.map((_, i) => `$${i + 1}::text::text[]`).join(', ')}) ` +
  `as u(${DELIVERY_CASTS.map((_, i) => `c${i}`).join(', ')}) ` +
  `where not exists (select 1 from delivery_consumers k where ${NAMES}) ` +
  `order by 1, 2, 3, 4 on conflict do nothing`;

const DELIVERIES_SELECT =
  `insert into deliveries (at, consumer_id, attempt, duration_ms, entry_id, event_id, outcome, category, error) ` +
  `select u.c11, k.id, u.c7, u.c8, u.c1, u.c5, u.c6, u.c9, u.c10 ` +
  `from (${unnest(DELIVERY_CASTS)}) as u(${DELIVERY_CASTS.map((_, i) => `c${i}`).join(', ')}) ` +
  `join delivery_consumers k on ${NAMES}`;
/** Idempotent: rows already stored are skipped, the keys of the new ones returned. */
export const INSERT_DELIVERIES =
  `with stored as (${DELIVERIES_SELECT} on conflict do nothing returning consumer_id, entry_id, attempt, outcome) ` +
  `select k.topic, s.entry_id, k.group_name, s.attempt, s.outcome, k.consumer ` +
  `from stored s join delivery_consumers k on k.id = s.consumer_id`;
/** The fast path for rows expected to be new (see INSERT_FRESH_EVENTS). */
export const INSERT_FRESH_DELIVERIES = DELIVERIES_SELECT;

/** The key INSERT_DELIVERIES returns for each stored row, to tell the new rows from the duplicates. */
export interface StoredDeliveryKey {
  topic: string;
  entry_id: string;
  group_name: string;
  attempt: number;
  outcome: string;
  consumer: string;
}

const deliveryKey = (
  topic: string,
  entryId: string,
  group: string,
  attempt: unknown,
  outcome: string,
  consumer: string,
) => `${topic}\u0001${entryId}\u0001${group}\u0001${String(attempt)}\u0001${outcome}\u0001${consumer}`;

export const storedDeliveryKey = (r: StoredDeliveryKey): string =>
  deliveryKey(r.topic, r.entry_id, r.group_name, r.attempt, r.outcome, r.consumer);
export const deliveryRowKey = (d: DeliveryRow): string =>
  deliveryKey(d.topic, d.entryId, d.group, d.attempt, d.outcome, d.consumer);

/** Parameters of INSERT_DELIVERY_CONSUMERS, INSERT_DELIVERIES and INSERT_FRESH_DELIVERIES. */
export function deliveryParams(rows: readonly DeliveryRow[]): string[] {
  return literals(
    columns(rows, DELIVERY_CASTS.length, (r) => [
      r.topic,
      r.entryId,
      r.group,
      r.consumer,
      r.service,
      r.eventId,
      r.outcome,
      String(r.attempt),
      num(r.durationMs),
      r.category,
      r.error,
      time(r.atMs),
    ]),
  );
}
