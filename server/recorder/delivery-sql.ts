/** The statements that write `deliveries` (the SDK's delivery telemetry), and their parameters. */
import type { DeliveryRow } from './project';
import { columns, literals, num, time, unnest } from './sql-arrays';

const DELIVERY_CASTS = ['', '', '', '', '', '', '', '', '', 'integer', 'real', '', '', 'timestamptz'];
const DELIVERIES_SELECT =
  `insert into deliveries (topic, entry_id, group_name, consumer, service, event_id, type, correlation_id, ` +
  `outcome, attempt, duration_ms, category, error, at) ${unnest(DELIVERY_CASTS)}`;
/** Idempotent: rows already stored are skipped, the keys of the new ones returned. */
export const INSERT_DELIVERIES = `${DELIVERIES_SELECT} on conflict do nothing returning topic, entry_id, group_name, attempt, outcome, consumer`;
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

/** Parameters of INSERT_DELIVERIES and INSERT_FRESH_DELIVERIES. */
export function deliveryParams(rows: readonly DeliveryRow[]): string[] {
  return literals(
    columns(rows, DELIVERY_CASTS.length, (r) => [
      r.topic,
      r.entryId,
      r.group,
      r.consumer,
      r.service,
      r.eventId,
      r.type,
      r.correlationId,
      r.outcome,
      String(r.attempt),
      num(r.durationMs),
      r.category,
      r.error,
      time(r.atMs),
    ]),
  );
}
