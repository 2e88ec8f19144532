/**
 * The store reads behind one trace. Every read goes through an index (events_correlation_idx,
 * deliveries_identity_idx led by the event id, dead_letters_correlation_idx, replay_job_letters' key
 * and live-letter index) and none reads `data` beyond the previews of one page's events.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { letterStatus } from '@/db/dead-letter-status';
import { LIST_PREVIEW_BYTES } from '@/server/contracts/events';
import { cutHead } from '@/server/contracts/payload';
import { serviceOf } from '@/server/contracts/service-name';
import type { TraceDeadLetterRow, TraceDeliveryRow, TraceEventRow, TraceReplayRow } from './types';

/** Delivery reports read for one trace at most (a trace of 10,000 events retried a few times each). */
export const MAX_TRACE_DELIVERIES = 200_000;
/** Dead letters read for one trace at most. */
export const MAX_TRACE_DEAD_LETTERS = 10_000;

/** A text[] parameter that works on both drivers: sent as JSON, unpacked once (an initplan). */
export const textArray = (values: readonly string[]) =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

/**
 * The trace's first `limit` events, oldest first, without payloads. Columns are named as the row type
 * names them and both drivers return numbers for float8: the driver's row objects are the rows (a
 * second object per event was a fifth of a large trace's time in this process).
 */
export async function loadTraceEvents(
  db: Db,
  correlationId: string,
  limit: number,
): Promise<TraceEventRow[]> {
  const rows = await selectRows<TraceEventRow>(
    db,
    sql`select event_id as "id", source, ${epochMs('time')} as "timeMs", topic, type, subject,
               causation_id as "causationId", "foreign", sensitivity
        from events where correlation_id = ${correlationId}
        order by time, source, event_id limit ${limit}`,
  );
  const services = new Map<string, string>();
  for (const row of rows) {
    let service = services.get(row.source);
    if (service === undefined) services.set(row.source, (service = serviceOf(row.source)));
    row.service = service;
  }
  return rows;
}

export async function countTraceEvents(db: Db, correlationId: string): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from events where correlation_id = ${correlationId}`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Every delivery report of the trace's events (their ids, as loadTraceEvents read them) in one
 * statement: `event_id = any(ids)` walks deliveries_identity_idx, which leads with the event id, once
 * in key order; the ids come as an initplan, so the planner never trades the walk for a hash join over
 * every delivery (a lateral probe per event and `in (subquery)` both probed in hash order, slower).
 * Rows come as the driver made them, like loadTraceEvents'.
 */
export async function loadTraceDeliveries(
  db: Db,
  eventIds: readonly string[],
  limit = MAX_TRACE_DELIVERIES,
): Promise<TraceDeliveryRow[]> {
  if (eventIds.length === 0) return [];
  return selectRows<TraceDeliveryRow>(
    db,
    sql`select d.event_id as "eventId", c.group_name as "group", c.service, c.consumer, d.outcome,
               d.attempt, d.duration_ms::float8 as "durationMs", d.error, ${epochMs('d.at')} as "atMs"
        from deliveries d join delivery_consumers c on c.id = d.consumer_id
        where d.event_id = any(${textArray([...new Set(eventIds)])})
        limit ${limit}`,
  );
}

/** How many delivery reports the events have, when there are more than a trace reads. */
export async function countTraceDeliveries(db: Db, eventIds: readonly string[]): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from deliveries d where d.event_id = any(${textArray([...new Set(eventIds)])})`,
  );
  return Number(row?.n ?? 0);
}

export async function loadTraceDeadLetters(db: Db, correlationId: string): Promise<TraceDeadLetterRow[]> {
  type Row = {
    id: string;
    event_id: string | null;
    group_name: string;
    category: string;
    status: string;
    error_name: string;
    error_message: string;
    last_ms: number;
  };
  const rows = await selectRows<Row>(
    db,
    sql`select id, event_id, group_name, category, ${letterStatus('dead_letters')} as status, error_name,
               error_message, ${epochMs('last_failure_at')} as last_ms
        from dead_letters where correlation_id = ${correlationId}
        order by last_failure_at, id limit ${MAX_TRACE_DEAD_LETTERS}`,
  );
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    group: r.group_name,
    category: r.category,
    status: r.status,
    errorName: r.error_name,
    errorMessage: r.error_message,
    lastFailureAtMs: Number(r.last_ms),
  }));
}

/**
 * Replays of the trace's dead letters. replay_job_letters has no index on the letter alone, so the
 * jobs come from the letters' history of actions (each replayed entry names its job: then the primary
 * key serves), and letters waiting in a job come through the live-letter index.
 */
export async function loadTraceReplays(db: Db, correlationId: string): Promise<TraceReplayRow[]> {
  type Row = {
    job_id: string;
    letter_id: string;
    event_id: string | null;
    new_event_id: string | null;
    state: string;
    at_ms: number | null;
  };
  const rows = await selectRows<Row>(
    db,
    sql`select r.job_id, r.letter_id, dl.event_id, r.event_id as new_event_id, r.state,
               ${epochMs('coalesce(r.replayed_at, r.settled_at)')} as at_ms
        from dead_letters dl
        join dead_letter_states st on st.letter_id = dl.id
        cross join lateral (
          select distinct h ->> 'jobId' as job_id from jsonb_array_elements(st.history) h where h ? 'jobId'
        ) j
        join replay_job_letters r on r.job_id = j.job_id and r.letter_id = dl.id
        where dl.correlation_id = ${correlationId}
        union
        select r.job_id, r.letter_id, dl.event_id, r.event_id, r.state,
               ${epochMs('coalesce(r.replayed_at, r.settled_at)')}
        from dead_letters dl
        join replay_job_letters r on r.letter_id = dl.id and r.state in ('pending', 'replaying')
        where dl.correlation_id = ${correlationId}
        limit ${MAX_TRACE_DEAD_LETTERS}`,
  );
  return rows
    .map((r) => ({
      jobId: r.job_id,
      letterId: r.letter_id,
      eventId: r.event_id,
      newEventId: r.new_event_id,
      state: r.state,
      atMs: r.at_ms === null ? null : Number(r.at_ms),
    }))
    .sort((a, b) => (a.atMs ?? Infinity) - (b.atMs ?? Infinity) || a.jobId.localeCompare(b.jobId));
}

/** Where the causes missing from a trace were recorded: event id → its correlation id (null: none). */
export async function findCauses(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await selectRows<{ event_id: string; correlation_id: string | null }>(
    db,
    sql`select distinct on (event_id) event_id, correlation_id from events
        where event_id = any(${textArray(ids)}) order by event_id, time`,
  );
  return new Map(rows.map((r) => [r.event_id, r.correlation_id]));
}

export interface TracePreview {
  preview: string | null;
  previewTruncated: boolean;
}

/**
 * The list-sized preview of `data` for some of the trace's events (one page), keyed by source and
 * id. By event id alone: the primary key leads with it, so each id is one probe per partition (a time
 * range instead led the planner to walk every event of the range and filter).
 */
export async function loadTracePreviews(
  db: Db,
  page: readonly TraceEventRow[],
): Promise<Map<string, TracePreview>> {
  if (page.length === 0) return new Map();
  const rows = await selectRows<{ event_id: string; source: string; head: string | null }>(
    db,
    sql`select event_id, source, left(data::text, ${LIST_PREVIEW_BYTES + 1}) as head from events
        where event_id = any(${textArray([...new Set(page.map((e) => e.id))])})`,
  );
  const out = new Map<string, TracePreview>();
  for (const row of rows) {
    const cut = row.head === null ? null : cutHead(row.head, LIST_PREVIEW_BYTES);
    out.set(previewKey(row.source, row.event_id), {
      preview: cut?.text ?? null,
      previewTruncated: cut?.truncated ?? false,
    });
  }
  return out;
}

export const previewKey = (source: string, id: string): string => `${source}\u0000${id}`;
