/**
 * The statements that write `events`, and their parameters: the idempotent insert, the plain insert of
 * rows expected to be new, and the COPY that replaces the plain insert on Postgres.
 */
import type { EventRow } from './project';
import { num, textArray, type Text } from './sql-arrays';
import { jsonbText } from './storable';

const EVENT_COLUMNS = [
  ['source', ''],
  ['event_id', ''],
  ['time', 'timestamptz'],
  ['topic', ''],
  ['stream', ''],
  ['entry_id', ''],
  ['type', ''],
  ['subject', ''],
  ['correlation_id', ''],
  ['causation_id', ''],
  ['traceparent', ''],
  ['tenant_id', ''],
  ['data_version', 'integer'],
  ['sensitivity', ''],
  ['raw_fields', 'jsonb'],
  ['foreign', 'boolean'],
  ['decode_error', ''],
  ['size_bytes', 'integer'],
] as const;

/**
 * Events: 18 columns as text[] literals, and `data` as one JSON array (its elements need no escaping:
 * measured, escaping the payload's quotes into a text[] literal was the largest cost of a batch).
 */
const EVENTS_SELECT = (() => {
  const n = EVENT_COLUMNS.length;
  const cols = EVENT_COLUMNS.map((_, i) => `c${i}`);
  return (
    `insert into events (${EVENT_COLUMNS.map(([name]) => `"${name}"`).join(', ')}, data) ` +
    `select ${EVENT_COLUMNS.map(([, cast], i) => (cast ? `c${i}::${cast}` : `c${i}`)).join(', ')}, ` +
    // json, not jsonb: the payload is stored as written (json has no equality, hence json_typeof)
    `case when json_typeof(d.v) = 'null' then null else d.v end ` +
    `from unnest(${cols.map((_, i) => `$${i + 1}::text::text[]`).join(', ')}) with ordinality as u(${cols.join(', ')}, n) ` +
    `join json_array_elements($${n + 1}::text::json) with ordinality as d(v, m) on d.m = u.n`
  );
})();
/** Idempotent: rows already stored are skipped, the new ones returned. */
export const INSERT_EVENTS = `${EVENTS_SELECT} on conflict do nothing returning stream, entry_id`;
/** The fast path for rows expected to be new: a plain insert (a unique violation sends the batch down the idempotent path). */
export const INSERT_FRESH_EVENTS = EVENTS_SELECT;
/** The same fast path on Postgres: COPY (measured: parsing text[] parameters cost more than the insert itself). */
export const COPY_EVENTS = `copy events (${EVENT_COLUMNS.map(([name]) => `"${name}"`).join(', ')}, data) from stdin`;

/** The key INSERT_EVENTS returns for each stored row, to tell the new rows from the duplicates. */
export interface StoredEventKey {
  stream: string;
  entry_id: string;
}
export const storedEventKey = (r: StoredEventKey): string => `${r.stream}\u0001${r.entry_id}`;
export const eventKey = (e: EventRow): string => `${e.stream}\u0001${e.entryId}`;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES = /[\\\t\n\r]/g;
const COPY_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** A value in COPY's text format: `\N` for null; backslash, tab, newline and return escaped. */
const copyValue = (value: Text): string =>
  value === null
    ? '\\N'
    : COPY_SPECIAL.test(value)
      ? value.replace(COPY_ESCAPES, (c) => COPY_ESCAPE[c]!)
      : value;

/** COPY_EVENTS' data: one line per row, columns in EVENT_COLUMNS order, then `data`. */
export function eventCopyText(rows: readonly EventRow[]): string {
  const lines = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines[i] =
      `${copyValue(r.source)}\t${copyValue(r.eventId)}\t${r.time}\t${copyValue(r.topic)}\t${copyValue(r.stream)}\t` +
      `${r.entryId}\t${copyValue(r.type)}\t${copyValue(r.subject)}\t${copyValue(r.correlationId)}\t` +
      `${copyValue(r.causationId)}\t${copyValue(r.traceparent)}\t${copyValue(r.tenantId)}\t` +
      `${r.dataVersion === null ? '\\N' : r.dataVersion}\t${copyValue(r.sensitivity)}\t` +
      `${copyValue(r.rawFields === null ? null : jsonbText(r.rawFields))}\t${r.foreign ? 't' : 'f'}\t` +
      `${copyValue(r.decodeError)}\t${r.sizeBytes}\t${copyValue(r.dataJson)}`;
  }
  return `${lines.join('\n')}\n`;
}

/** Parameters of INSERT_EVENTS (hot path: one pass, no intermediate objects). */
export function eventParams(rows: readonly EventRow[]): string[] {
  const n = rows.length;
  const cols: Text[][] = EVENT_COLUMNS.map(() => new Array<Text>(n));
  const [source, eventId, t, topic, stream, entryId, type, subject, correlation, causation] = cols;
  const [, , , , , , , , , , traceparent, tenant, version, sensitivity, raw, foreign, error, size] = cols;
  const data = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    source![i] = r.source;
    eventId![i] = r.eventId;
    t![i] = r.time;
    topic![i] = r.topic;
    stream![i] = r.stream;
    entryId![i] = r.entryId;
    type![i] = r.type;
    subject![i] = r.subject;
    correlation![i] = r.correlationId;
    causation![i] = r.causationId;
    traceparent![i] = r.traceparent;
    tenant![i] = r.tenantId;
    version![i] = num(r.dataVersion);
    sensitivity![i] = r.sensitivity;
    raw![i] = r.rawFields === null ? null : jsonbText(r.rawFields);
    foreign![i] = r.foreign ? 't' : 'f';
    error![i] = r.decodeError;
    size![i] = String(r.sizeBytes);
    data[i] = r.dataJson ?? 'null';
  }
  return [...cols.map(textArray), `[${data.join(',')}]`];
}
