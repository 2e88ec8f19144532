/**
 * Trace summaries of many correlation ids in one statement: per id, its events through the
 * correlation index (no payloads), their deliveries through deliveries_identity_idx, its dead letters
 * and replays; and the newest row of the search's source that names it (to tell a trace an earlier
 * page listed already).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { SERVICE_OF_SQL } from '@/server/contracts/service-name';
import { TRACE_IN_PROGRESS_MS, type TraceSummary } from '@/server/contracts/traces';
import { exactText, type CandidateSource } from './search-sources';

export interface SummaryRow {
  summary: TraceSummary;
  /** Exact time of the newest source row naming this trace below the window's top, or null. */
  newest: string | null;
}

export async function summariseTraces(
  db: Db,
  correlationIds: readonly string[],
  source: CandidateSource,
  windowTop: string,
  nowMs: number,
): Promise<Map<string, SummaryRow>> {
  if (correlationIds.length === 0) return new Map();
  type Row = {
    cid: string;
    n: number;
    start_ms: number | null;
    last_ms: number | null;
    sources: string[] | null;
    topics: string[] | null;
    root_id: string | null;
    root_type: string | null;
    end_ms: number | null;
    services: string[] | null;
    failures: number;
    dead_letters: number;
    replays: number;
    newest: string | null;
  };
  const rows = await selectRows<Row>(
    db,
    sql`with c(cid) as (select jsonb_array_elements_text(${JSON.stringify(correlationIds)}::jsonb))
        select c.cid, ev.n, ev.start_ms, ev.last_ms, ev.sources, ev.topics,
               coalesce(ev.root_id, orphan.root_id) as root_id,
               coalesce(ev.root_type, orphan.root_type) as root_type,
               dv.end_ms, dv.services, dv.failures, dl.n as dead_letters, rp.n as replays, nw.newest
        from c
        cross join lateral (
          select count(*)::int as n,
                 (extract(epoch from min(e.time)) * 1000)::float8 as start_ms,
                 (extract(epoch from max(e.time)) * 1000)::float8 as last_ms,
                 array_agg(distinct ${sql.raw(SERVICE_OF_SQL('e.source'))}) as sources, array_agg(distinct e.topic) as topics,
                 (array_agg(e.event_id order by e.time) filter (where e.causation_id is null))[1] as root_id,
                 (array_agg(e.type order by e.time) filter (where e.causation_id is null))[1] as root_type
          from events e where e.correlation_id = c.cid) ev
        -- no event without a cause: the root is the earliest whose cause is outside the trace, as the
        -- trace view's tree has it (evaluated only then)
        left join lateral (
          select o.event_id as root_id, o.type as root_type from events o
          where ev.root_id is null and o.correlation_id = c.cid
            and not exists (select 1 from events p where p.event_id = o.causation_id and p.correlation_id = c.cid)
          order by o.time limit 1) orphan on true
        cross join lateral (
          select (extract(epoch from max(d.at)) * 1000)::float8 as end_ms,
                 array_agg(distinct dc.service) as services,
                 (count(*) filter (where d.outcome in ('failed', 'retried', 'dead-lettered')))::int as failures
          from (select distinct e.event_id from events e where e.correlation_id = c.cid) e
          cross join lateral (select * from deliveries d where d.event_id = e.event_id offset 0) d
          join delivery_consumers dc on dc.id = d.consumer_id) dv
        cross join lateral (
          select count(*)::int as n from dead_letters l where l.correlation_id = c.cid) dl
        cross join lateral (
          select count(distinct (h ->> 'jobId', l.id))::int as n
          from dead_letters l join dead_letter_states st on st.letter_id = l.id
          cross join lateral jsonb_array_elements(st.history) h
          where l.correlation_id = c.cid and h ? 'jobId') rp
        cross join lateral (
          select ${exactText(sql`max(${source.time})`)} as newest from ${source.table} s
          where s.correlation_id = c.cid and ${source.time} < ${windowTop}::timestamptz
            and ${source.predicate}) nw`,
  );
  const out = new Map<string, SummaryRow>();
  for (const row of rows) {
    if (Number(row.n) === 0 || row.start_ms === null || row.last_ms === null) continue;
    const start = Number(row.start_ms);
    const last = Number(row.last_ms);
    const end = Math.max(last, row.end_ms === null ? last : Number(row.end_ms));
    out.set(row.cid, {
      newest: row.newest,
      summary: {
        correlationId: row.cid,
        rootEventId: row.root_id,
        rootType: row.root_type,
        services: [...new Set([...(row.sources ?? []), ...(row.services ?? [])])].sort(),
        topics: [...(row.topics ?? [])].sort(),
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        durationMs: end - start,
        events: Number(row.n),
        failures: Number(row.failures),
        deadLetters: Number(row.dead_letters),
        replays: Number(row.replays),
        inProgress: nowMs - last < TRACE_IN_PROGRESS_MS,
      },
    });
  }
  return out;
}
