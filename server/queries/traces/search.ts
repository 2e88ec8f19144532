/**
 * `GET /api/traces`: traces with recent activity, newest first, found without any table of traces (the
 * recorder writes none): a bounded newest-first walk of one index yields correlation ids (see
 * search-sources.ts), each new one is summarised (one statement per batch) and kept when it passes the
 * filters. The walk stops at the page's end or at its budget, and says how far back it looked.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { serviceOf } from '@/server/contracts/service-name';
import type { TracePage, TraceSearchQuery, TraceSummary } from '@/server/contracts/traces';
import { decodeSearchCursor, encodeSearchCursor } from './cursor';
import { candidateSource, exactText, type CandidateSource } from './search-sources';
import { topicsOfService, tracesWithService } from './service-filter';
import { summariseTraces } from './summarise-sql';

/** Source rows one search reads at most, and correlation ids it summarises at most. */
export const TRACE_SCAN_BUDGET = 20_000;
export const TRACE_CANDIDATE_BUDGET = 2_000;
const BATCH = 1_000;
/** Without `from`, the search looks this far back from `to`. */
export const TRACE_DEFAULT_WINDOW_MS = 24 * 3_600_000;

interface Position {
  time: string;
  correlationId: string;
}

const iso = (date: Date): string => date.toISOString().replace('Z', '000Z');

/** The next rows of the walk below `position` (exclusive), newest first. */
async function scanBatch(
  db: Db,
  source: CandidateSource,
  from: string,
  top: string,
  position: Position | null,
  limit: number,
): Promise<Position[]> {
  const below = position
    ? sql`${source.time} <= ${position.time}::timestamptz
          and not (${source.time} = ${position.time}::timestamptz and s.correlation_id >= ${position.correlationId})`
    : sql`${source.time} < ${top}::timestamptz`;
  const walk = (predicate: SQL) =>
    sql`select s.correlation_id, ${source.time} as t from ${source.table} s
        where s.correlation_id is not null and ${below} and ${source.time} >= ${from}::timestamptz
          and ${predicate}
        order by ${source.time} desc, s.correlation_id desc limit ${limit}`;
  // one index range per topic, merged: an `in` over the topics would read them in topic order and sort
  const rows = source.topics
    ? sql.join(
        source.topics.map((topic) => sql`(${walk(sql`s.topic = ${topic}`)})`),
        sql` union all `,
      )
    : walk(source.predicate);
  const found = await selectRows<{ correlation_id: string; time: string }>(
    db,
    sql`select w.correlation_id, ${exactText(sql`w.t`)} as time from (${rows}) w
        order by w.t desc, w.correlation_id desc limit ${limit}`,
  );
  return found.map((r) => ({ time: r.time, correlationId: r.correlation_id }));
}

function passes(query: TraceSearchQuery, summary: TraceSummary): boolean {
  if (query.rootType !== undefined && summary.rootType !== query.rootType) return false;
  if (
    query.service !== undefined &&
    !summary.services.includes(query.service) &&
    !summary.services.includes(serviceOf(query.service))
  ) {
    return false;
  }
  if (query.topic !== undefined && !summary.topics.includes(query.topic)) return false;
  if (query.minEvents !== undefined && summary.events < query.minEvents) return false;
  if (query.minDurationMs !== undefined && summary.durationMs < query.minDurationMs) return false;
  const has = query.has ?? [];
  if (has.includes('failures') && summary.failures === 0) return false;
  if (has.includes('dead-letters') && summary.deadLetters === 0) return false;
  if (has.includes('replays') && summary.replays === 0) return false;
  return true;
}

export async function searchTraces(db: Db, query: TraceSearchQuery, nowMs = Date.now()): Promise<TracePage> {
  const cursor = decodeSearchCursor(query.cursor);
  const top = cursor?.to ?? iso(query.to ?? new Date(nowMs));
  const from = iso(query.from ?? new Date(Date.parse(top) - TRACE_DEFAULT_WINDOW_MS));
  const source = candidateSource(query, await topicsOfService(db, query));

  if (query.correlationId !== undefined) {
    const found = await summariseTraces(db, [query.correlationId], source, top, nowMs);
    const row = found.get(query.correlationId);
    return {
      items: row && passes(query, row.summary) ? [row.summary] : [],
      nextCursor: null,
      searched: { from, to: top },
    };
  }

  const items: TraceSummary[] = [];
  const seen = new Set<string>();
  let position: Position | null = cursor ? { time: cursor.time, correlationId: cursor.correlationId } : null;
  let scanned = 0;
  let summarised = 0;
  let exhausted = false;
  walk: while (scanned < TRACE_SCAN_BUDGET && summarised < TRACE_CANDIDATE_BUDGET) {
    const asked = Math.min(BATCH, TRACE_SCAN_BUDGET - scanned);
    const rows = await scanBatch(db, source, from, top, position, asked);
    scanned += rows.length;
    if (rows.length === 0) {
      exhausted = true;
      break;
    }
    const firsts: Position[] = [];
    for (const row of rows) {
      if (seen.has(row.correlationId)) continue;
      seen.add(row.correlationId);
      firsts.push(row);
    }
    const wanted =
      query.service === undefined
        ? firsts
        : await tracesWithService(
            db,
            firsts.map((row) => row.correlationId),
            query.service,
          ).then((matching) => firsts.filter((row) => matching.has(row.correlationId)));
    summarised += wanted.length;
    const summaries = await summariseTraces(
      db,
      wanted.map((row) => row.correlationId),
      source,
      top,
      nowMs,
    );
    for (const row of wanted) {
      const found = summaries.get(row.correlationId);
      // named again further up the window: an earlier page had it
      const earlier = found?.newest != null && found.newest > row.time;
      if (found && !earlier && passes(query, found.summary)) {
        items.push(found.summary);
        if (items.length === query.limit) {
          position = row;
          break walk;
        }
      }
    }
    position = rows[rows.length - 1]!;
    if (rows.length < asked) {
      exhausted = true;
      break;
    }
  }
  return {
    items,
    nextCursor: exhausted || !position ? null : encodeSearchCursor({ ...position, to: top }),
    searched: { from: exhausted || !position ? from : position.time, to: cursor?.time ?? top },
  };
}
