/**
 * A trace export's store side: the head (summary, critical path, links, warnings) from the same load
 * as the trace view, then the events' whole envelopes and payloads read a batch at a time as the
 * download is read, so that the server holds one batch of payloads, not the trace's. Payloads leave
 * as stored: the route masks them (server/access) before they are written out.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { TRACE_EXPORT_PAYLOAD_MAX_BYTES, type TraceExport } from '@/server/contracts/trace-export';
import { MAX_TRACE_EVENTS, type TraceDelivery } from '@/server/contracts/traces';
import { assembleTrace, loadTrace, traceLinks, traceWarnings } from './get-trace';
import { exactTime } from '../event-payload';
import { findCauses, textArray } from './load-trace';
import type { TraceEventRow } from './types';

/** Events whose payloads are read per statement. */
export const EXPORT_BATCH = 100;

/** One exported event as stored: its payloads as JSON text (null when absent or too large). */
export interface ExportEventRow {
  id: string;
  source: string;
  time: string;
  topic: string;
  stream: string;
  entryId: string;
  type: string;
  subject: string | null;
  correlationId: string | null;
  causationId: string | null;
  traceparent: string | null;
  tenantId: string | null;
  dataVersion: number | null;
  sensitivity: string | null;
  foreign: boolean;
  decodeError: string | null;
  sizeBytes: number;
  dataText: string | null;
  dataBytes: number | null;
  rawText: string | null;
  rawBytes: number | null;
  deliveries: TraceDelivery[];
}

export interface TraceExportReader {
  head: Omit<TraceExport, 'events'>;
  /** How many events the export holds (at most MAX_TRACE_EVENTS). */
  count: number;
  /** The next batch of events, oldest first; empty at the end. */
  next(): Promise<ExportEventRow[]>;
}

export async function openTraceExport(
  db: Db,
  correlationId: string,
  nowMs = Date.now(),
): Promise<TraceExportReader> {
  const trace = await loadTrace(db, correlationId, MAX_TRACE_EVENTS);
  const assembled = assembleTrace(correlationId, trace, nowMs);
  const causes = await findCauses(
    db,
    assembled.tree.missingCauses.map((m) => m.causationId),
  );
  const head: Omit<TraceExport, 'events'> = {
    exportedAt: new Date(nowMs).toISOString(),
    correlationId,
    summary: assembled.summary,
    criticalPath: assembled.critical.path,
    ...traceLinks(trace),
    warnings: traceWarnings(trace, assembled, causes),
  };
  let at = 0;
  return {
    head,
    count: trace.events.length,
    async next() {
      const batch = trace.events.slice(at, at + EXPORT_BATCH);
      at += batch.length;
      if (batch.length === 0) return [];
      const rows = await readBatch(db, correlationId, batch);
      return rows.map((row) => ({ ...row, deliveries: assembled.byEvent.get(row.id) ?? [] }));
    },
  };
}

async function readBatch(
  db: Db,
  correlationId: string,
  batch: readonly TraceEventRow[],
): Promise<Omit<ExportEventRow, 'deliveries'>[]> {
  type Row = {
    id: string;
    source: string;
    time: string;
    topic: string;
    stream: string;
    entry_id: string;
    type: string;
    subject: string | null;
    correlation_id: string | null;
    causation_id: string | null;
    traceparent: string | null;
    tenant_id: string | null;
    data_version: number | null;
    sensitivity: string | null;
    foreign: boolean;
    decode_error: string | null;
    size_bytes: number;
    data_bytes: number | null;
    data_text: string | null;
    raw_bytes: number | null;
    raw_text: string | null;
  };
  const from = new Date(Math.floor(batch[0]!.timeMs) - 1).toISOString();
  const to = new Date(Math.ceil(batch[batch.length - 1]!.timeMs) + 1).toISOString();
  const cap = TRACE_EXPORT_PAYLOAD_MAX_BYTES;
  // `offset 0` keeps the subquery from being folded in, which would serialise each payload twice
  const rows = await selectRows<Row>(
    db,
    sql`select id, source, time, topic, stream, entry_id, type, subject, correlation_id, causation_id,
               traceparent, tenant_id, data_version, sensitivity, "foreign", decode_error, size_bytes,
               octet_length(d)::int as data_bytes, case when octet_length(d) <= ${cap} then d end as data_text,
               octet_length(r)::int as raw_bytes, case when octet_length(r) <= ${cap} then r end as raw_text
        from (select event_id as id, source,
                     ${exactTime} as time, topic, stream,
                     entry_id, type, subject, correlation_id, causation_id, traceparent, tenant_id,
                     data_version, sensitivity, "foreign", decode_error, size_bytes,
                     data::text as d, raw_fields::text as r
              from events
              where event_id = any(${textArray([...new Set(batch.map((e) => e.id))])})
                and correlation_id = ${correlationId}
                and time >= ${from}::timestamptz and time <= ${to}::timestamptz
              offset 0) s
        order by time, source, id`,
  );
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    time: r.time,
    topic: r.topic,
    stream: r.stream,
    entryId: r.entry_id,
    type: r.type,
    subject: r.subject,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    traceparent: r.traceparent,
    tenantId: r.tenant_id,
    dataVersion: r.data_version === null ? null : Number(r.data_version),
    sensitivity: r.sensitivity,
    foreign: Boolean(r.foreign),
    decodeError: r.decode_error,
    sizeBytes: Number(r.size_bytes),
    dataText: r.data_text,
    dataBytes: r.data_bytes === null ? null : Number(r.data_bytes),
    rawText: r.raw_text,
    rawBytes: r.raw_bytes === null ? null : Number(r.raw_bytes),
  }));
}
