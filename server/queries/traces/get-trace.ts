/**
 * `GET /api/traces/{correlationId}`: one trace as its causation tree (one page of rows), with every
 * delivery, dead letter and replay, the critical path and warnings where the tree is partial.
 * Round trips: events, deliveries, dead letters and replays at once; then the missing causes and one
 * page's previews at once. Previews are as stored: the route masks them (server/access).
 */
import type { Db } from '@/db/client';
import {
  MAX_TRACE_EVENTS,
  TRACE_PAGE_DEFAULT,
  type TraceDetail,
  type TraceNode,
  type TraceWarning,
} from '@/server/contracts/traces';
import { TraceNotFoundError } from '../errors';
import { criticalPath } from './critical-path';
import { decodePageCursor, encodePageCursor } from './cursor';
import { summariseDeliveries } from './deliveries';
import {
  countTraceDeliveries,
  countTraceEvents,
  findCauses,
  loadTraceDeadLetters,
  loadTraceDeliveries,
  loadTraceEvents,
  loadTracePreviews,
  loadTraceReplays,
  MAX_TRACE_DELIVERIES,
  previewKey,
} from './load-trace';
import { summariseTrace } from './summary';
import { buildCausationTree } from './tree';
import type { TraceEventRow } from './types';

export interface TraceOptions {
  cursor?: string;
  limit?: number;
  /** Events read at most (tests and the export lower it). */
  maxEvents?: number;
  /** Delivery reports read at most (tests lower it). */
  maxDeliveries?: number;
  nowMs?: number;
}

/** Everything the trace's store reads gave, before paging (the export and compare use it too). */
export async function loadTrace(
  db: Db,
  correlationId: string,
  maxEvents = MAX_TRACE_EVENTS,
  maxDeliveries = MAX_TRACE_DELIVERIES,
) {
  // deliveries are read by the events' ids (one in-order walk of their index), so after the events
  const eventsAndDeliveries = loadTraceEvents(db, correlationId, maxEvents + 1).then(async (loaded) => {
    const events = loaded.length > maxEvents ? loaded.slice(0, maxEvents) : loaded;
    const ids = events.map((e) => e.id);
    const read = await loadTraceDeliveries(db, ids, maxDeliveries + 1);
    const deliveries = read.length > maxDeliveries ? read.slice(0, maxDeliveries) : read;
    const totalDeliveries =
      read.length > maxDeliveries ? await countTraceDeliveries(db, ids) : deliveries.length;
    return { loaded, events, deliveries, totalDeliveries };
  });
  const [{ loaded, events, deliveries, totalDeliveries }, deadLetters, replays] = await Promise.all([
    eventsAndDeliveries,
    loadTraceDeadLetters(db, correlationId),
    loadTraceReplays(db, correlationId),
  ]);
  if (loaded.length === 0) throw new TraceNotFoundError(correlationId);
  const totalEvents = loaded.length > maxEvents ? await countTraceEvents(db, correlationId) : events.length;
  return { events, totalEvents, deliveries, totalDeliveries, deadLetters, replays };
}
export type LoadedTrace = Awaited<ReturnType<typeof loadTrace>>;

/** The whole tree, deliveries and critical path of a loaded trace (pure). */
export function assembleTrace(correlationId: string, trace: LoadedTrace, nowMs: number) {
  const { events } = trace;
  const startMs = events[0]!.timeMs;
  const summary = summariseTrace({ correlationId, ...trace, nowMs });
  const byEvent = summariseDeliveries(trace.deliveries, {
    traceStartMs: startMs,
    eventTimes: new Map(events.map((e) => [e.id, e.timeMs])),
    deadLetters: trace.deadLetters,
    replays: trace.replays,
  });
  const tree = buildCausationTree(events, trace.totalEvents > events.length ? trace.totalEvents : undefined);
  const critical = criticalPath(events, tree.parents, byEvent, startMs);
  return { summary, byEvent, tree, critical, startMs };
}
export type AssembledTrace = ReturnType<typeof assembleTrace>;

function missingCauseMessage(causationId: string, otherCorrelationId: string | null | undefined): string {
  return otherCorrelationId === undefined
    ? `cause ${causationId} was never recorded`
    : `cause ${causationId} was recorded under ${otherCorrelationId === null ? 'no correlation id' : `correlation ${otherCorrelationId}`}`;
}

/** The warnings of an assembled trace, with where each missing cause was recorded. */
export function traceWarnings(
  trace: LoadedTrace,
  assembled: AssembledTrace,
  causes: ReadonlyMap<string, string | null>,
): TraceWarning[] {
  const { events } = trace;
  const warnings: TraceWarning[] = [];
  for (const { causationId, orphans } of assembled.tree.missingCauses) {
    const other = causes.has(causationId) ? causes.get(causationId)! : undefined;
    warnings.push({
      kind: 'missing-cause',
      eventId: events[orphans[0]!]!.id,
      causationId,
      otherCorrelationId: other ?? null,
      message: `${orphans.length} event${orphans.length === 1 ? '' : 's'} name${orphans.length === 1 ? 's' : ''} a cause outside this trace: ${missingCauseMessage(causationId, other)}`,
    });
  }
  for (const cycle of assembled.tree.cycles) {
    warnings.push({
      kind: 'cycle',
      eventIds: cycle.eventIds,
      message: `${cycle.eventIds.length} event${cycle.eventIds.length === 1 ? '' : 's'} cause each other in a loop; the tree shows the loop once, opened at ${cycle.eventIds[0]}`,
    });
  }
  if (trace.totalEvents > events.length) {
    warnings.push({
      kind: 'truncated',
      of: 'events',
      shown: events.length,
      total: trace.totalEvents,
      message: `this trace has ${trace.totalEvents} events; the first ${events.length} are shown`,
    });
  }
  if (trace.totalDeliveries > trace.deliveries.length) {
    warnings.push({
      kind: 'truncated',
      of: 'deliveries',
      shown: trace.deliveries.length,
      total: trace.totalDeliveries,
      message: `its events have ${trace.totalDeliveries} delivery reports; ${trace.deliveries.length} were read, so some deliveries, retries and outcomes are missing`,
    });
  }
  return warnings;
}

/** The trace's dead letters and replays as the API sends them. */
export function traceLinks(trace: LoadedTrace): Pick<TraceDetail, 'deadLetters' | 'replays'> {
  return {
    deadLetters: trace.deadLetters.map((l) => ({
      id: l.id,
      eventId: l.eventId,
      group: l.group,
      category: l.category,
      status: l.status,
      errorName: l.errorName,
      errorMessage: l.errorMessage,
      lastFailureAt: new Date(l.lastFailureAtMs).toISOString(),
    })),
    replays: trace.replays.map((r) => ({
      jobId: r.jobId,
      letterId: r.letterId,
      eventId: r.eventId,
      newEventId: r.newEventId,
      state: r.state,
      at: r.atMs === null ? null : new Date(r.atMs).toISOString(),
    })),
  };
}

export async function getTrace(
  db: Db,
  correlationId: string,
  options: TraceOptions = {},
): Promise<TraceDetail> {
  const offset = decodePageCursor(options.cursor);
  const limit = options.limit ?? TRACE_PAGE_DEFAULT;
  const nowMs = options.nowMs ?? Date.now();
  const trace = await loadTrace(db, correlationId, options.maxEvents, options.maxDeliveries);
  const assembled = assembleTrace(correlationId, trace, nowMs);
  const { events } = trace;
  const { tree, byEvent, critical, startMs } = assembled;

  const pageRows = tree.rows.slice(offset, offset + limit);
  const pageEvents = pageRows.flatMap((row) => (row.event === null ? [] : [events[row.event]!]));
  const [causes, previews] = await Promise.all([
    findCauses(
      db,
      tree.missingCauses.map((m) => m.causationId),
    ),
    loadTracePreviews(db, pageEvents),
  ]);

  const nodes = pageRows.map((row): TraceNode => {
    const event: TraceEventRow | null = row.event === null ? null : events[row.event]!;
    const parent = row.parentEvent === null ? null : events[row.parentEvent]!;
    const preview = event ? previews.get(previewKey(event.source, event.id)) : undefined;
    return {
      kind: row.kind,
      id: row.id,
      parentId: row.parentId,
      depth: row.depth,
      descendants: row.descendants,
      reason: placeholderReason(row.kind, row.id, causes, events.length, trace.totalEvents),
      source: event?.source ?? null,
      type: event?.type ?? null,
      topic: event?.topic ?? null,
      subject: event?.subject ?? null,
      time: event ? new Date(event.timeMs).toISOString() : null,
      offsetMs: event ? event.timeMs - startMs : null,
      sinceParentMs: event && parent ? event.timeMs - parent.timeMs : null,
      foreign: event?.foreign ?? false,
      sensitivity: event?.sensitivity ?? null,
      preview: preview?.preview ?? null,
      previewTruncated: preview?.previewTruncated ?? false,
      critical: row.event !== null && critical.onPath.has(row.event),
      deliveries: event ? (byEvent.get(event.id) ?? []) : [],
    };
  });

  return {
    summary: assembled.summary,
    nodes,
    totalNodes: tree.rows.length,
    nextCursor: offset + limit < tree.rows.length ? encodePageCursor(offset + limit) : null,
    criticalPath: critical.path,
    ...traceLinks(trace),
    warnings: traceWarnings(trace, assembled, causes),
  };
}

function placeholderReason(
  kind: TraceNode['kind'],
  id: string,
  causes: ReadonlyMap<string, string | null>,
  shown: number,
  total: number,
): string | null {
  switch (kind) {
    case 'event':
      return null;
    case 'missing-cause':
      return missingCauseMessage(id, causes.has(id) ? causes.get(id) : undefined);
    case 'cycle':
      return `the chain loops back to ${id}, shown above`;
    case 'truncated':
      return `${total - shown} more event${total - shown === 1 ? '' : 's'} beyond the cap of ${shown}`;
  }
}
