import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  ilike,
  inArray,
  isNotNull,
  lt,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters, deliveries, deliveryConsumers, events } from '@/db/schema';
import { letterStatus } from '@/db/dead-letter-status';
import { encodeEventCursor } from '@/server/contracts/cursor';
import {
  LIST_PREVIEW_BYTES,
  MAX_CAUSED_EVENTS,
  MAX_EVENT_DEAD_LETTERS,
  MAX_EVENT_DELIVERIES,
  type EventDetail,
  type EventListItem,
  type EventPage,
  type EventSearch,
} from '@/server/contracts/events';
import { toJsonPathPredicate } from '@/server/contracts/json-condition';
import { cutHead, DEFAULT_PAYLOAD_PREVIEW_BYTES } from '@/server/contracts/payload';
import { AmbiguousEventError, EventNotFoundError } from './errors';
import { exactTime, getPayloadPreviews, payloadHead, type EventKey } from './event-payload';

/** The list columns: no `data` beyond a bounded preview, and the time at full (microsecond) precision. */
const listColumns = {
  id: events.eventId,
  source: events.source,
  time: events.time,
  topic: events.topic,
  stream: events.stream,
  entryId: events.entryId,
  type: events.type,
  subject: events.subject,
  correlationId: events.correlationId,
  causationId: events.causationId,
  foreign: events.foreign,
  decodeFailed: sql<boolean>`(${events.decodeError} is not null)`,
  sizeBytes: events.sizeBytes,
  sensitivity: events.sensitivity,
  previewHead: payloadHead(events.data, LIST_PREVIEW_BYTES),
  cursorTime: exactTime,
};

const selectList = (db: Db) => db.select(listColumns).from(events);
type ListRow = Awaited<ReturnType<typeof selectList>>[number];

function toListItem(row: ListRow): EventListItem {
  const preview = row.previewHead === null ? null : cutHead(row.previewHead, LIST_PREVIEW_BYTES);
  return {
    id: row.id,
    source: row.source,
    time: row.time.toISOString(),
    topic: row.topic,
    stream: row.stream,
    entryId: row.entryId,
    type: row.type,
    subject: row.subject,
    correlationId: row.correlationId,
    causationId: row.causationId,
    foreign: row.foreign,
    decodeFailed: Boolean(row.decodeFailed),
    sizeBytes: row.sizeBytes,
    preview: preview?.text ?? null,
    previewTruncated: preview?.truncated ?? false,
    sensitivity: row.sensitivity,
  };
}

/** `%` and `_` in the user's text match themselves. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Some delivery of the event matches `condition`. A correlated EXISTS on `deliveries.event_id`, which
 * leads deliveries_identity_idx: the search stays ordered by the events' own keyset and each candidate
 * costs one index probe, instead of a join that would scan every delivery first.
 */
function hasDelivery(condition: SQL): SQL {
  return sql`exists (select 1 from ${deliveries} where ${deliveries.eventId} = ${events.eventId} and ${condition})`;
}

/** Some dead letter of the event matches `condition` (dead_letters_event_idx). */
function hasDeadLetter(condition: SQL): SQL {
  return sql`exists (select 1 from ${deadLetters} where ${deadLetters.eventId} = ${events.eventId} and ${condition})`;
}

/** What limits deliveries and dead letters to the searched consumer groups; none without groups. */
interface GroupConditions {
  delivery?: SQL;
  deadLetter?: SQL;
}

function groupConditions(groups: readonly string[]): GroupConditions {
  if (groups.length === 0) return {};
  // a handful of delivery_consumers rows: the consumer ids are found once, not per delivery
  const consumers = sql`select ${deliveryConsumers.id} from ${deliveryConsumers} where ${inArray(deliveryConsumers.group, [...groups])}`;
  return {
    delivery: sql`${deliveries.consumerId} in (${consumers})`,
    deadLetter: inArray(deadLetters.group, [...groups]),
  };
}

/** Up to this many events with a matching error are found first and looked up by id. */
export const MAX_ERROR_CANDIDATES = 1_000;

/**
 * Some delivery error or dead-letter message of the event contains `pattern`. Both are searched through
 * their trigram indexes. When few events match (a specific error: the usual search), their ids are
 * read first and the events found by id, so that the search does not walk every event to find them;
 * when many match, the events are walked newest first and each is checked against the matches (the
 * EXISTS pair runs as hashed subplans), which stops at the page's end. Two statements, not one
 * snapshot: an error recorded between them shows on the next search.
 */
async function errorCondition(db: Db, pattern: string, groups: GroupConditions): Promise<SQL> {
  const deliveryMatch = and(ilike(deliveries.error, pattern), groups.delivery)!;
  const deadLetterMatch = and(ilike(deadLetters.errorMessage, pattern), groups.deadLetter)!;
  const candidates = await db
    .select({ id: deliveries.eventId })
    .from(deliveries)
    .where(and(deliveryMatch, isNotNull(deliveries.eventId)))
    .unionAll(
      db
        .select({ id: deadLetters.eventId })
        .from(deadLetters)
        .where(and(deadLetterMatch, isNotNull(deadLetters.eventId))),
    )
    .limit(MAX_ERROR_CANDIDATES + 1);
  if (candidates.length > MAX_ERROR_CANDIDATES) {
    return or(hasDelivery(deliveryMatch), hasDeadLetter(deadLetterMatch))!;
  }
  const ids = [...new Set(candidates.flatMap((row) => (row.id === null ? [] : [row.id])))];
  return ids.length > 0 ? inArray(events.eventId, ids) : sql`false`;
}

/** Limits the caller's role puts on a search (decided by the masking presenter). */
export interface SearchScope {
  /** Data conditions do not look at `confidential` events. */
  conditionsSkipConfidential?: boolean;
}

/**
 * The events search: filters AND together, newest first (or oldest first), keyset-paginated on (time, source, id) so
 * that pages neither repeat nor skip rows while the recorder inserts. Every value is a bound parameter;
 * data conditions are jsonpath predicates rendered from their parsed form and bound (`data @? $n`).
 */
export async function searchEvents(db: Db, search: EventSearch, scope: SearchScope = {}): Promise<EventPage> {
  const where: SQL[] = [];
  if (search.topics.length > 0) where.push(inArray(events.topic, search.topics));
  if (search.types.length > 0) where.push(inArray(events.type, search.types));
  if (search.sources.length > 0) where.push(inArray(events.source, search.sources));
  if (search.correlationId) where.push(eq(events.correlationId, search.correlationId));
  if (search.causationId) where.push(eq(events.causationId, search.causationId));
  if (search.from) where.push(gte(events.time, search.from));
  if (search.to) where.push(lt(events.time, search.to));
  if (search.text) {
    const pattern = likeContains(search.text);
    where.push(
      or(
        ilike(events.type, pattern),
        ilike(events.subject, pattern),
        ilike(events.eventId, pattern),
        ilike(events.correlationId, pattern),
        ilike(events.causationId, pattern),
      )!,
    );
  }
  const groups = groupConditions(search.groups);
  if (search.outcome) where.push(hasDelivery(and(eq(deliveries.outcome, search.outcome), groups.delivery)!));
  if (search.error) where.push(await errorCondition(db, likeContains(search.error), groups));
  if (groups.delivery && groups.deadLetter && !search.outcome && !search.error) {
    where.push(or(hasDelivery(groups.delivery), hasDeadLetter(groups.deadLetter))!);
  }
  for (const condition of search.conditions) {
    where.push(sql`${events.data}::jsonb @? ${toJsonPathPredicate(condition)}::jsonpath`);
  }
  if (search.conditions.length > 0 && scope.conditionsSkipConfidential) {
    // a caller who sees confidential payloads masked must not probe them with conditions either
    where.push(sql`${events.sensitivity} is distinct from 'confidential'`);
  }
  const ascending = search.order === 'asc';
  if (search.cursor) {
    const { time, source, id } = search.cursor;
    const key = sql`(${events.time}, ${events.source}, ${events.eventId})`;
    const after = sql`(${time}::timestamptz, ${source}, ${id})`;
    where.push(ascending ? sql`${key} > ${after}` : sql`${key} < ${after}`);
  }

  const by = ascending ? asc : desc;
  const rows = await selectList(db)
    .where(and(...where))
    .orderBy(by(events.time), by(events.source), by(events.eventId))
    .limit(search.limit + 1);

  const page = rows.slice(0, search.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toListItem),
    nextCursor:
      rows.length > search.limit && last
        ? encodeEventCursor({
            time: last.cursorTime,
            source: last.source,
            id: last.id,
            order: search.order,
          })
        : null,
  };
}

/** Every column but the payloads, which leave only as previews or as a streamed download. */
const { data: _data, rawFields: _rawFields, ...envelopeColumns } = getTableColumns(events);

/**
 * The stored event with this id (and source): its columns without the payloads, and its exact key. Ids
 * are unique per source; when `source` is not given and the id exists under several,
 * AmbiguousEventError lists them.
 */
export async function findEvent(db: Db, id: string, source?: string) {
  const rows = await db
    .select({ ...envelopeColumns, exactTime })
    .from(events)
    .where(and(eq(events.eventId, id), source === undefined ? undefined : eq(events.source, source)))
    .orderBy(asc(events.time))
    .limit(50);
  const row = rows[0];
  if (!row) throw new EventNotFoundError(id, source);
  const sources = [...new Set(rows.map((r) => r.source))];
  if (sources.length > 1) throw new AmbiguousEventError(id, sources.sort());
  const key: EventKey = { source: row.source, id: row.eventId, time: row.exactTime };
  return { row, key };
}

/**
 * One event with its links: the event that caused it, the events it caused (capped), how many events
 * share its correlation id, and its delivery outcomes. `data` and the raw fields come as previews of at
 * most `previewBytes` each (EVENTLENS_PAYLOAD_PREVIEW_BYTES), with their true sizes.
 */
export async function getEvent(
  db: Db,
  id: string,
  source?: string,
  previewBytes = DEFAULT_PAYLOAD_PREVIEW_BYTES,
): Promise<EventDetail> {
  const { row, key } = await findEvent(db, id, source);
  const [payloads, cause, caused, correlated, outcomes, letters] = await Promise.all([
    getPayloadPreviews(db, key, previewBytes),
    row.causationId
      ? selectList(db).where(eq(events.eventId, row.causationId)).orderBy(asc(events.time)).limit(1)
      : Promise.resolve([]),
    selectList(db)
      .where(eq(events.causationId, row.eventId))
      .orderBy(asc(events.time), asc(events.source), asc(events.eventId))
      .limit(MAX_CAUSED_EVENTS + 1),
    row.correlationId
      ? db.select({ n: count() }).from(events).where(eq(events.correlationId, row.correlationId))
      : Promise.resolve([{ n: 0 }]),
    db
      .select({
        group: deliveryConsumers.group,
        consumer: deliveryConsumers.consumer,
        service: deliveryConsumers.service,
        outcome: deliveries.outcome,
        attempt: deliveries.attempt,
        durationMs: deliveries.durationMs,
        error: deliveries.error,
        at: deliveries.at,
      })
      .from(deliveries)
      .innerJoin(deliveryConsumers, eq(deliveryConsumers.id, deliveries.consumerId))
      .where(eq(deliveries.eventId, row.eventId))
      .orderBy(asc(deliveries.at), asc(deliveries.attempt))
      .limit(MAX_EVENT_DELIVERIES),
    db
      .select({
        id: deadLetters.id,
        group: deadLetters.group,
        category: deadLetters.category,
        status: letterStatus('dead_letters'),
        lastFailureAt: deadLetters.lastFailureAt,
        errorName: deadLetters.errorName,
        errorMessage: deadLetters.errorMessage,
        errorStack: deadLetters.errorStack,
      })
      .from(deadLetters)
      .where(eq(deadLetters.eventId, row.eventId))
      .orderBy(asc(deadLetters.lastFailureAt), asc(deadLetters.id))
      .limit(MAX_EVENT_DEAD_LETTERS),
  ]);

  const causedItems = caused.slice(0, MAX_CAUSED_EVENTS).map(toListItem);
  const causeRow = cause[0];
  return {
    id: row.eventId,
    source: row.source,
    time: row.time.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    topic: row.topic,
    stream: row.stream,
    entryId: row.entryId,
    type: row.type,
    subject: row.subject,
    correlationId: row.correlationId,
    causationId: row.causationId,
    traceparent: row.traceparent,
    tenantId: row.tenantId,
    dataVersion: row.dataVersion,
    sensitivity: row.sensitivity,
    foreign: row.foreign,
    sizeBytes: row.sizeBytes,
    data: payloads.data,
    rawFields: payloads.rawFields,
    decodeError: row.decodeError,
    links: {
      causedBy: row.causationId,
      causes: causedItems.map((item) => item.id),
      causesTruncated: caused.length > MAX_CAUSED_EVENTS,
      sameCorrelationCount: Number(correlated[0]?.n ?? 0),
    },
    cause: causeRow ? toListItem(causeRow) : null,
    caused: causedItems,
    deliveries: outcomes.map((d) => ({
      group: d.group,
      consumer: d.consumer,
      service: d.service,
      outcome: d.outcome,
      attempt: d.attempt,
      durationMs: d.durationMs,
      error: d.error,
      at: d.at.toISOString(),
    })),
    deadLetters: letters.map((l) => ({ ...l, lastFailureAt: l.lastFailureAt.toISOString() })),
  };
}
