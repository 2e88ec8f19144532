/**
 * One batch -> one transaction, idempotent: events, deliveries and dead letters keyed by their identity,
 * then the per-batch aggregates (computed in memory from the rows that were new) upserted as increments
 * in one statement. A batch read twice therefore changes nothing twice, rollups included.
 *
 * Two paths: batches expected to be new take the fast one (COPY on Postgres, a plain multi-row insert on
 * PGlite); a unique violation there rolls back and the batch is written the idempotent way (`on conflict
 * do nothing returning`, aggregates from the returned rows only). Multi-row statements read `unnest` over
 * text[] parameters, so one prepared statement serves every batch size.
 */
import type { Logger } from './logger';
import { aggregate, type EdgeRow, type RollupRow, type ServiceRow } from './aggregate';
import type { DeadLetterRow, DeliveryRow, EventRow } from './project';
import { isRowError, sqlState, type SqlStore } from './sql-session';
import { isoFromMs, jsonbText } from './storable';

export interface RecordBatch {
  events: EventRow[];
  deliveries: DeliveryRow[];
  deadLetters: DeadLetterRow[];
}

export interface WriteResult {
  /** Rows inserted (new). */
  events: number;
  deliveries: number;
  deadLetters: number;
  /** Rows already stored (a redelivery): skipped. */
  duplicates: number;
  /** Rows the store refused even after quarantine (see `writeIsolating`). */
  rejected: number;
  /** Events stored without their payload because the store refused it. */
  quarantined: number;
  /** The longest statement of the batch (ms): on PGlite, how long it held the main thread. */
  longestStatementMs: number;
}

type Text = string | null;

/**
 * `select <casts> from unnest($1, $2, ...)`: each parameter is one column as a text[] literal, passed as
 * text (`$n::text::text[]`) so that neither driver re-serializes it (measured: postgres.js' array
 * serializer cost 6.5 us per row of 19 columns; `textArray` below costs a fraction).
 */
const unnest = (casts: readonly string[], first = 1): string =>
  `select ${casts.map((cast, i) => (cast ? `c${i}::${cast}` : `c${i}`)).join(', ')} ` +
  `from unnest(${casts.map((_, i) => `$${i + first}::text::text[]`).join(', ')}) as u(${casts.map((_, i) => `c${i}`).join(', ')})`;

const ARRAY_ESCAPE = /["\\]/g;

/** A text[] literal: `{"a","b\\"c",NULL}`; elements are escaped only when they need it. */
export function textArray(values: readonly Text[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ',';
    if (value === null || value === undefined) out += 'NULL';
    else if (value.indexOf('"') === -1 && value.indexOf('\\') === -1) out += `"${value}"`;
    else out += `"${value.replace(ARRAY_ESCAPE, '\\$&')}"`;
  }
  return `${out}}`;
}

const literals = (columns: readonly Text[][]): string[] => columns.map(textArray);

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
    `nullif(d.v, 'null'::jsonb) ` +
    `from unnest(${cols.map((_, i) => `$${i + 1}::text::text[]`).join(', ')}) with ordinality as u(${cols.join(', ')}, n) ` +
    `join jsonb_array_elements($${n + 1}::text::jsonb) with ordinality as d(v, m) on d.m = u.n`
  );
})();
/** Idempotent: rows already stored are skipped, the new ones returned. */
export const INSERT_EVENTS = `${EVENTS_SELECT} on conflict do nothing returning stream, entry_id`;
/** The fast path for rows expected to be new: a plain insert (a unique violation sends the batch down the idempotent path). */
export const INSERT_FRESH_EVENTS = EVENTS_SELECT;
/** The same fast path on Postgres: COPY (measured: parsing text[] parameters cost more than the insert itself). */
export const COPY_EVENTS = `copy events (${EVENT_COLUMNS.map(([name]) => `"${name}"`).join(', ')}, data) from stdin`;

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
      `${copyValue(r.decodeError)}\t${r.sizeBytes}\t${copyValue(jsonbText(r.data))}`;
  }
  return `${lines.join('\n')}\n`;
}

const DELIVERY_CASTS = ['', '', '', '', '', '', '', '', '', 'integer', 'real', '', '', 'timestamptz'];
const DELIVERIES_SELECT =
  `insert into deliveries (topic, entry_id, group_name, consumer, service, event_id, type, correlation_id, ` +
  `outcome, attempt, duration_ms, category, error, at) ${unnest(DELIVERY_CASTS)}`;
const INSERT_DELIVERIES = `${DELIVERIES_SELECT} on conflict do nothing returning topic, entry_id, group_name, attempt, outcome, consumer`;
const INSERT_FRESH_DELIVERIES = DELIVERIES_SELECT;

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
];
const INSERT_DEAD_LETTERS =
  `insert into dead_letters (id, topic, group_name, consumer, entry_id, event_id, event_type, correlation_id, ` +
  `category, attempts, first_failure_at, last_failure_at, error_name, error_message, error_stack, raw, history) ` +
  `${unnest(DEAD_LETTER_CASTS)} on conflict (id) do nothing returning id`;

/** Element-wise sum of two int[] histograms (either may be empty). */
const addHistograms = (a: string, b: string): string =>
  `case when cardinality(${b}) = 0 then ${a} when cardinality(${a}) = 0 then ${b} else ` +
  `array(select coalesce(x, 0) + coalesce(y, 0) from unnest(${a}, ${b}) with ordinality as h(x, y, n) order by n) end`;

const upsertRollups = (first: number) =>
  `insert into metric_rollups as m (resolution, scope, key, bucket_start, count, failed, retried, dead_lettered, ` +
  `latency_sum_ms, latency_max_ms, latency_buckets) ` +
  `${unnest(['', '', '', 'timestamptz', 'bigint', 'bigint', 'bigint', 'bigint', 'real', 'real', 'integer[]'], first)} ` +
  `on conflict (resolution, scope, key, bucket_start) do update set ` +
  `count = m.count + excluded.count, failed = m.failed + excluded.failed, ` +
  `retried = m.retried + excluded.retried, dead_lettered = m.dead_lettered + excluded.dead_lettered, ` +
  `latency_sum_ms = m.latency_sum_ms + excluded.latency_sum_ms, ` +
  `latency_max_ms = greatest(m.latency_max_ms, excluded.latency_max_ms), ` +
  `latency_buckets = ${addHistograms('m.latency_buckets', 'excluded.latency_buckets')}`;

const upsertEdges = (first: number) =>
  `insert into topology_edges as e (kind, from_node, to_node, events, failures, latency_buckets, last_seen_at) ` +
  `${unnest(['', '', '', 'bigint', 'bigint', 'integer[]', 'timestamptz'], first)} ` +
  `on conflict (kind, from_node, to_node) do update set events = e.events + excluded.events, ` +
  `failures = e.failures + excluded.failures, ` +
  `latency_buckets = ${addHistograms('e.latency_buckets', 'excluded.latency_buckets')}, ` +
  `last_seen_at = greatest(e.last_seen_at, excluded.last_seen_at)`;

const upsertServices = (first: number) =>
  `insert into service_nodes as s (service, source, last_seen_at, events_published, mean_size_bytes) ` +
  `${unnest(['', '', 'timestamptz', 'bigint', 'real'], first)} ` +
  `on conflict (service) do update set ` +
  `source = case when excluded.last_seen_at >= s.last_seen_at then excluded.source else s.source end, ` +
  `last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at), ` +
  `events_published = s.events_published + excluded.events_published, ` +
  `mean_size_bytes = coalesce((s.mean_size_bytes * s.events_published + ` +
  `excluded.mean_size_bytes * excluded.events_published) / nullif(s.events_published + excluded.events_published, 0), 0)`;

/**
 * The batch's aggregates in one statement (one round trip): rollups, edges, services, each one upsert of
 * increments. Every batch runs this same statement (tables in one order) with its keys sorted, so that
 * concurrent batches take their row locks in one order.
 */
const UPSERT_AGGREGATES = `with rollups as (${upsertRollups(1)}), edges as (${upsertEdges(12)}) ${upsertServices(19)}`;

const UPSERT_LAG =
  `insert into metric_rollups as m (resolution, scope, key, bucket_start, lag) ` +
  `${unnest(['', '', '', 'timestamptz', 'bigint'])} ` +
  `on conflict (resolution, scope, key, bucket_start) do update set lag = excluded.lag`;

const num = (n: number | null): Text => (n === null ? null : String(n));
const time = (ms: number): string => isoFromMs(ms) ?? new Date(0).toISOString();
const histogram = (buckets: readonly number[]): string => `{${buckets.join(',')}}`;

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
    data[i] = jsonbText(r.data) ?? 'null';
  }
  return [...cols.map(textArray), `[${data.join(',')}]`];
}

function deliveryParams(rows: readonly DeliveryRow[]): Text[][] {
  return columns(rows, DELIVERY_CASTS.length, (r) => [
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
  ]);
}

function deadLetterParams(rows: readonly DeadLetterRow[]): Text[][] {
  return columns(rows, DEAD_LETTER_CASTS.length, (r) => [
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
  ]);
}

const rollupParams = (rows: readonly RollupRow[]) =>
  columns(rows, 11, (r) => [
    r.resolution,
    r.scope,
    r.key,
    time(r.bucketMs),
    String(r.count),
    String(r.failed),
    String(r.retried),
    String(r.deadLettered),
    String(r.latencySumMs),
    String(r.latencyMaxMs),
    histogram(r.latencyBuckets),
  ]);

const edgeParams = (rows: readonly EdgeRow[]) =>
  columns(rows, 7, (r) => [
    r.kind,
    r.from,
    r.to,
    String(r.events),
    String(r.failures),
    histogram(r.latencyBuckets),
    time(r.lastSeenMs),
  ]);

const serviceParams = (rows: readonly ServiceRow[]) =>
  columns(rows, 5, (r) => [
    r.service,
    r.source,
    time(r.lastSeenMs),
    String(r.eventsPublished),
    String(r.meanSizeBytes),
  ]);

/** Rows to `width` column arrays (empty arrays for no rows: statements keep their parameter count). */
function columns<R>(rows: readonly R[], width: number, row: (r: R) => Text[]): Text[][] {
  const out: Text[][] = Array.from({ length: width }, () => new Array<Text>(rows.length));
  rows.forEach((r, i) => {
    row(r).forEach((value, c) => {
      out[c]![i] = value;
    });
  });
  return out;
}

const deliveryKey = (
  topic: string,
  entryId: string,
  group: string,
  attempt: unknown,
  outcome: string,
  consumer: string,
) => `${topic}\u0001${entryId}\u0001${group}\u0001${String(attempt)}\u0001${outcome}\u0001${consumer}`;

/**
 * Writes one batch in one transaction; throws when the store refuses it (nothing is then committed).
 * `fresh`: the rows are expected to be new (no redelivery seen lately): plain inserts, no RETURNING;
 * a unique violation rolls the attempt back and the batch is written again the idempotent way
 * (`result.conflicted` tells the caller to stay on that path for a while).
 */
export async function writeBatch(
  store: SqlStore,
  batch: RecordBatch,
  options: { fresh?: boolean } = {},
): Promise<WriteResult & { conflicted: boolean }> {
  if (options.fresh) {
    try {
      return { ...(await writeOnce(store, batch, true)), conflicted: false };
    } catch (error) {
      // a duplicate, or a COPY that failed (reported on the next statement): write it the idempotent way,
      // which also names the real error if there is one
      const state = sqlState(error);
      if (state !== UNIQUE_VIOLATION && state !== IN_FAILED_TRANSACTION) throw error;
    }
    const result = await writeOnce(store, batch, false);
    return { ...result, conflicted: result.duplicates > 0 };
  }
  return { ...(await writeOnce(store, batch, false)), conflicted: false };
}

const UNIQUE_VIOLATION = '23505';
const IN_FAILED_TRANSACTION = '25P02';

async function writeOnce(store: SqlStore, batch: RecordBatch, fresh: boolean): Promise<WriteResult> {
  return store.transaction(async (session) => {
    const result: WriteResult = {
      events: 0,
      deliveries: 0,
      deadLetters: 0,
      duplicates: 0,
      rejected: 0,
      quarantined: 0,
      longestStatementMs: 0,
    };
    const timed = <T>(work: Promise<T>, started = performance.now()): Promise<T> =>
      work.finally(() => {
        result.longestStatementMs = Math.max(result.longestStatementMs, performance.now() - started);
      });
    const tx = {
      copyIn: session.copyIn,
      query: <T extends object>(text: string, params: readonly unknown[]) =>
        timed(session.query<T>(text, params)),
    };
    let newEvents: readonly EventRow[] = batch.events;
    let newDeliveries: readonly DeliveryRow[] = batch.deliveries;

    if (batch.events.length > 0 && fresh && tx.copyIn) {
      await tx.copyIn(COPY_EVENTS, eventCopyText(batch.events));
    } else if (batch.events.length > 0 && fresh) {
      await tx.query(INSERT_FRESH_EVENTS, eventParams(batch.events));
      await store.pause();
    } else if (batch.events.length > 0) {
      const returned = await tx.query<{ stream: string; entry_id: string }>(
        INSERT_EVENTS,
        eventParams(batch.events),
      );
      if (returned.length !== batch.events.length) {
        const keys = new Set(returned.map((r) => `${r.stream}\u0001${r.entry_id}`));
        newEvents = batch.events.filter((e) => keys.has(`${e.stream}\u0001${e.entryId}`));
      }
      await store.pause();
    }
    result.events = newEvents.length;
    result.duplicates += batch.events.length - newEvents.length;

    if (batch.deliveries.length > 0 && fresh) {
      await tx.query(INSERT_FRESH_DELIVERIES, literals(deliveryParams(batch.deliveries)));
      await store.pause();
    } else if (batch.deliveries.length > 0) {
      const returned = await tx.query<{
        topic: string;
        entry_id: string;
        group_name: string;
        attempt: number;
        outcome: string;
        consumer: string;
      }>(INSERT_DELIVERIES, literals(deliveryParams(batch.deliveries)));
      if (returned.length !== batch.deliveries.length) {
        const keys = new Set(
          returned.map((r) =>
            deliveryKey(r.topic, r.entry_id, r.group_name, r.attempt, r.outcome, r.consumer),
          ),
        );
        newDeliveries = batch.deliveries.filter((d) =>
          keys.has(deliveryKey(d.topic, d.entryId, d.group, d.attempt, d.outcome, d.consumer)),
        );
      }
      await store.pause();
    }
    result.deliveries = newDeliveries.length;
    result.duplicates += batch.deliveries.length - newDeliveries.length;

    if (batch.deadLetters.length > 0) {
      const returned = await tx.query(INSERT_DEAD_LETTERS, literals(deadLetterParams(batch.deadLetters)));
      result.deadLetters = returned.length;
      result.duplicates += batch.deadLetters.length - returned.length;
      await store.pause();
    }

    // one statement always follows: it is also where a failed COPY surfaces (25P02)
    const { rollups, edges, services } = aggregate(newEvents, newDeliveries);
    await tx.query(UPSERT_AGGREGATES, [
      ...literals(rollupParams(rollups)),
      ...literals(edgeParams(edges)),
      ...literals(serviceParams(services)),
    ]);
    return result;
  });
}

/**
 * For a batch the store refused because of its rows (bad data, size limits): halves it until the
 * refused rows stand alone, writes the rest, stores a refused event once more without its payload (with
 * the reason in `decodeError`), and counts and logs whatever is still refused. Never loops forever.
 */
export async function writeIsolating(store: SqlStore, batch: RecordBatch, log: Logger): Promise<WriteResult> {
  const total: WriteResult = {
    events: 0,
    deliveries: 0,
    deadLetters: 0,
    duplicates: 0,
    rejected: 0,
    quarantined: 0,
    longestStatementMs: 0,
  };
  const add = (r: WriteResult) => {
    for (const key of [
      'events',
      'deliveries',
      'deadLetters',
      'duplicates',
      'rejected',
      'quarantined',
    ] as const) {
      total[key] += r[key];
    }
    total.longestStatementMs = Math.max(total.longestStatementMs, r.longestStatementMs);
  };
  const size = (b: RecordBatch) => b.events.length + b.deliveries.length + b.deadLetters.length;

  const attempt = async (part: RecordBatch): Promise<void> => {
    if (size(part) === 0) return;
    try {
      add(await writeBatch(store, part));
      return;
    } catch (error) {
      if (!isRowError(error)) throw error;
      if (size(part) > 1) {
        const [a, b] = halves(part);
        await attempt(a);
        await attempt(b);
        return;
      }
      await single(part, error as Error);
    }
  };

  const single = async (part: RecordBatch, error: Error): Promise<void> => {
    const event = part.events[0];
    if (event) {
      const quarantined = quarantine(event, error.message);
      try {
        const written = await writeBatch(store, { events: [quarantined], deliveries: [], deadLetters: [] });
        add(written);
        total.quarantined += written.events;
        log.warn(
          { stream: event.stream, entryId: event.entryId, err: error.message },
          'the store refused an event; stored without its payload',
        );
        return;
      } catch (again) {
        if (!isRowError(again)) throw again;
      }
    }
    total.rejected += 1;
    const row = event ?? part.deliveries[0] ?? part.deadLetters[0];
    log.error({ err: error.message, row: describe(row) }, 'the store refused a row; it is not recorded');
  };

  await attempt(batch);
  return total;
}

/** The event without what can make the store refuse it, and the reason why. */
export function quarantine(row: EventRow, reason: string): EventRow {
  return {
    ...row,
    subject: null,
    traceparent: null,
    tenantId: null,
    dataVersion: null,
    sensitivity: null,
    data: undefined,
    rawFields: null,
    decodeError: `the store refused this entry: ${reason}`.replaceAll('\u0000', '').slice(0, 2_000),
  };
}

function halves(batch: RecordBatch): [RecordBatch, RecordBatch] {
  const items = [
    ...batch.events.map((row) => ({ kind: 'event' as const, row })),
    ...batch.deliveries.map((row) => ({ kind: 'delivery' as const, row })),
    ...batch.deadLetters.map((row) => ({ kind: 'dead-letter' as const, row })),
  ];
  const middle = Math.ceil(items.length / 2);
  const toBatch = (part: typeof items): RecordBatch => ({
    events: part.flatMap((i) => (i.kind === 'event' ? [i.row] : [])),
    deliveries: part.flatMap((i) => (i.kind === 'delivery' ? [i.row] : [])),
    deadLetters: part.flatMap((i) => (i.kind === 'dead-letter' ? [i.row] : [])),
  });
  return [toBatch(items.slice(0, middle)), toBatch(items.slice(middle))];
}

function describe(row: EventRow | DeliveryRow | DeadLetterRow | undefined): Record<string, unknown> {
  if (!row) return {};
  if ('stream' in row) return { kind: 'event', stream: row.stream, entryId: row.entryId };
  if ('outcome' in row) return { kind: 'delivery', topic: row.topic, entryId: row.entryId, group: row.group };
  return { kind: 'dead-letter', id: row.id };
}

export interface LagSample {
  /** `<topic>/<group>` */
  key: string;
  lag: number;
}

/** Writes sampled group lag into the current 10 s and 1 min rollups (last sample wins). */
export async function writeLagSamples(
  store: SqlStore,
  samples: readonly LagSample[],
  nowMs: number,
): Promise<void> {
  if (samples.length === 0) return;
  // sorted as the batches sort their rollups (resolution, scope, key, bucket): one lock order
  const rows = samples
    .flatMap(({ key, lag }) =>
      (['10s', '1m'] as const).map((resolution) => {
        const bucket = nowMs - (nowMs % (resolution === '10s' ? 10_000 : 60_000));
        return {
          id: `${resolution}\u0001group\u0001${key}\u0001${bucket}`,
          row: [resolution, 'group', key, time(bucket), String(lag)],
        };
      }),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ row }) => row);
  await store.query(UPSERT_LAG, literals(columns(rows, 5, (r) => r)));
}
