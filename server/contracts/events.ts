import { z } from 'zod';
import { CURSOR_MESSAGE, decodeEventCursor, type EventCursor } from './cursor';
import {
  buildCondition,
  ConditionSyntaxError,
  JSON_OPS,
  parseCompactCondition,
  parseLooseValue,
  parsePath,
  type DataCondition,
} from './json-condition';
import { MaskInfo } from './masking';
import { Page } from './page';
import { PAYLOAD_PARTS, PayloadPreview } from './payload';
import { Instant, intParam, oneOrMany, queryObject, single } from './query-params';

/** One row of the events list: the envelope's attributes and a bounded preview of `data`. */
export const EventListItem = z.object({
  /** The envelope's `id` (foreign entries: `<stream>/<entry id>`). Unique together with `source`. */
  id: z.string(),
  source: z.string(),
  /** ISO 8601. */
  time: z.string(),
  topic: z.string(),
  stream: z.string(),
  entryId: z.string(),
  type: z.string(),
  subject: z.string().nullable(),
  correlationId: z.string().nullable(),
  causationId: z.string().nullable(),
  /** Written by something other than the SDK (no envelope). */
  foreign: z.boolean(),
  /** The entry could not be decoded; the detail carries the reason and the raw fields. */
  decodeFailed: z.boolean(),
  /** Bytes of the stream entry as written (the envelope with its data, or a foreign entry's fields). */
  sizeBytes: z.number().int(),
  /** The start of `data` as JSON text, at most LIST_PREVIEW_BYTES once JSON-encoded; null without data. */
  preview: z.string().nullable(),
  /** `preview` is not the whole of `data`. */
  previewTruncated: z.boolean(),
  /** The envelope's `sensitivity` (`confidential` payloads are masked below operator). */
  sensitivity: z.string().nullable(),
  /** Present when values of `preview` were masked for the caller (server/access/masking.ts). */
  masked: MaskInfo.optional(),
});
export type EventListItem = z.infer<typeof EventListItem>;

/** Budget of a list row's preview (bytes as sent); the detail's is EVENTLENS_PAYLOAD_PREVIEW_BYTES. */
export const LIST_PREVIEW_BYTES = 200;

export const EventPage = Page(EventListItem);
export type EventPage = z.infer<typeof EventPage>;

export const EventDelivery = z.object({
  group: z.string(),
  consumer: z.string(),
  service: z.string(),
  outcome: z.string(),
  attempt: z.number().int(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  at: z.string(),
});
export type EventDelivery = z.infer<typeof EventDelivery>;

/** At most this many caused events are listed (`links.causesTruncated` says when there are more). */
export const MAX_CAUSED_EVENTS = 100;
/** At most this many delivery outcomes are listed, oldest first. */
export const MAX_EVENT_DELIVERIES = 100;

/** At most this many dead letters of one event are listed in its detail. */
export const MAX_EVENT_DEAD_LETTERS = 20;

export const EventDeadLetter = z.object({
  /** `<topic>/<entry id>`: opens it on the Dead letters page. */
  id: z.string(),
  group: z.string(),
  category: z.string(),
  status: z.string(),
  lastFailureAt: z.string(),
  errorName: z.string(),
  errorMessage: z.string(),
  errorStack: z.string(),
});
export type EventDeadLetter = z.infer<typeof EventDeadLetter>;

/** A recorded event's envelope and where it was written: the head of every whole-event view. */
export const RecordedEnvelope = z.object({
  id: z.string(),
  source: z.string(),
  time: z.string(),
  topic: z.string(),
  stream: z.string(),
  entryId: z.string(),
  type: z.string(),
  subject: z.string().nullable(),
  correlationId: z.string().nullable(),
  causationId: z.string().nullable(),
  traceparent: z.string().nullable(),
  tenantId: z.string().nullable(),
  dataVersion: z.number().int().nullable(),
  sensitivity: z.string().nullable(),
  foreign: z.boolean(),
});

export const EventDetail = RecordedEnvelope.extend({
  recordedAt: z.string(),
  /** Bytes of the stream entry as written. */
  sizeBytes: z.number().int(),
  /** A preview of `data` (JSON text, cut to EVENTLENS_PAYLOAD_PREVIEW_BYTES) and its size; null without data. */
  data: PayloadPreview.nullable(),
  /**
   * The entry's fields as written (foreign and undecodable entries, binary `data_base64`), previewed
   * the same way as a JSON object of strings; null for plain SDK events.
   */
  rawFields: PayloadPreview.nullable(),
  /** Why the entry could not be decoded; null when it was. */
  decodeError: z.string().nullable(),
  links: z.object({
    /** The id of the event that caused this one (its `causationid`). */
    causedBy: z.string().nullable(),
    /** Ids of the events this one caused (their `causationid` is this id), oldest first. */
    causes: z.array(z.string()),
    causesTruncated: z.boolean(),
    /** Events sharing this event's correlation id, this one included; 0 without a correlation id. */
    sameCorrelationCount: z.number().int(),
  }),
  /** The causing event, when it was recorded. */
  cause: EventListItem.nullable(),
  /** The caused events, oldest first (the same ones as `links.causes`). */
  caused: z.array(EventListItem),
  /** Delivery outcomes reported for this event by consumer groups, oldest first. */
  deliveries: z.array(EventDelivery),
  /**
   * The dead letters of this event (a group gave up on it), oldest first, with the whole error message
   * and stack: the delivery telemetry carries a short error only.
   */
  deadLetters: z.array(EventDeadLetter).optional(),
});
export type EventDetail = z.infer<typeof EventDetail>;

// ---------------------------------------------------------------------------------------------------
// Input

export const MAX_DATA_CONDITIONS = 5;

/** What the events search runs on, after validation. */
export interface EventSearch {
  topics: string[];
  types: string[];
  sources: string[];
  correlationId: string | null;
  causationId: string | null;
  from: Date | null;
  to: Date | null;
  text: string | null;
  conditions: DataCondition[];
  cursor: EventCursor | null;
  limit: number;
  /** Newest first (default) or oldest first. */
  order: 'desc' | 'asc';
  /**
   * Only events these consumer groups received (a delivery or a dead letter of theirs); `outcome` and
   * `error` then look at those groups' deliveries and dead letters only.
   */
  groups: string[];
  /** Only events a consumer group reported this delivery outcome for. */
  outcome: EventFailureOutcome | null;
  /** Only events whose delivery error or dead-letter error contains this text (case-insensitive). */
  error: string | null;
}

export const EVENT_ORDERS = ['desc', 'asc'] as const;

/**
 * The failure outcomes a search can ask for, as the delivery telemetry records them: `retried` (an
 * attempt failed and another follows), `failed` (the last attempt failed) and `dead-lettered` (the
 * group gave up and moved the event to its dead-letter stream).
 */
export const EVENT_FAILURE_OUTCOMES = ['failed', 'retried', 'dead-lettered'] as const;
export type EventFailureOutcome = (typeof EVENT_FAILURE_OUTCOMES)[number];

const Cursor = z.string({ error: 'expected one cursor' }).transform((text, ctx) => {
  const cursor = decodeEventCursor(text);
  if (!cursor) {
    ctx.addIssue({
      code: 'custom',
      message: CURSOR_MESSAGE,
    });
    return z.NEVER;
  }
  return cursor;
});

const Where = z
  .union([z.string(), z.array(z.string()).max(MAX_DATA_CONDITIONS)], {
    error: `expected at most ${MAX_DATA_CONDITIONS} conditions`,
  })
  .transform((value, ctx) => {
    const texts = Array.isArray(value) ? value : [value];
    const out: DataCondition[] = [];
    texts.forEach((text, i) => {
      try {
        out.push(parseCompactCondition(text));
      } catch (error) {
        if (!(error instanceof ConditionSyntaxError)) throw error;
        ctx.addIssue({
          code: 'custom',
          path: texts.length > 1 ? [i] : [],
          message: error.message.includes('e.g.')
            ? error.message
            : `${error.message} (e.g. where=$.severity == "high")`,
        });
      }
    });
    return out;
  });

/**
 * `GET /api/events` query. Filters AND together; repeated `topic`, `type` or `source` match any of the
 * values. See docs/api-guide.md for examples.
 */
export const EventsQuery = queryObject({
  topic: oneOrMany().optional(),
  type: oneOrMany().optional(),
  source: oneOrMany().optional(),
  correlationId: single().optional(),
  causationId: single().optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  /** Free text, matched case-insensitively inside type, subject, id, correlation and causation ids. */
  q: single(200).optional(),
  'data.path': single(300).optional(),
  'data.op': z.enum(JSON_OPS, { error: `expected one of ${JSON_OPS.join(', ')}` }).optional(),
  'data.value': z.string({ error: 'expected one value' }).max(1_000).optional(),
  where: Where.optional(),
  cursor: Cursor.optional(),
  limit: intParam(1, 200).default(50),
  /** `desc` (newest first, default) or `asc` (oldest first: a correlation chain in the order it ran). */
  order: z.enum(EVENT_ORDERS, { error: `expected one of ${EVENT_ORDERS.join(', ')}` }).default('desc'),
  /** Events these consumer groups received; `outcome` and `error` then look at their deliveries only. */
  group: oneOrMany().optional(),
  /** Events some group reported this outcome for: `failed`, `retried` or `dead-lettered`. */
  outcome: z
    .enum(EVENT_FAILURE_OUTCOMES, { error: `expected one of ${EVENT_FAILURE_OUTCOMES.join(', ')}` })
    .optional(),
  /** Text inside a delivery's error or a dead letter's error message (case-insensitive). */
  error: single(200).optional(),
}).transform((query, ctx): EventSearch => {
  const conditions = [...(query.where ?? [])];
  const path = query['data.path'];
  const op = query['data.op'];
  const value = query['data.value'];
  if (path === undefined) {
    if (op !== undefined || value !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['data.path'],
        message: 'data.op and data.value need data.path (e.g. data.path=$.severity)',
      });
    }
  } else {
    try {
      const effectiveOp = op ?? (value === undefined ? 'exists' : 'eq');
      if (effectiveOp === 'exists' && value !== undefined) {
        throw new ConditionSyntaxError('exists takes no data.value');
      }
      const parsedValue = value === undefined ? undefined : parseLooseValue(value);
      conditions.push(buildCondition(parsePath(path), effectiveOp, parsedValue));
    } catch (error) {
      if (!(error instanceof ConditionSyntaxError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['data.path'], message: error.message });
    }
  }
  if (conditions.length > MAX_DATA_CONDITIONS) {
    ctx.addIssue({
      code: 'custom',
      path: ['where'],
      message: `at most ${MAX_DATA_CONDITIONS} data conditions`,
    });
  }
  if (query.cursor && query.cursor.order !== query.order) {
    ctx.addIssue({
      code: 'custom',
      path: ['cursor'],
      message: `this cursor continues a search in ${query.cursor.order} order; keep order=${query.cursor.order} or start again without it`,
    });
  }
  if (query.from && query.to && query.from >= query.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be earlier than to' });
  }
  return {
    topics: query.topic ?? [],
    types: query.type ?? [],
    sources: query.source ?? [],
    correlationId: query.correlationId ?? null,
    causationId: query.causationId ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    text: query.q?.trim() || null,
    conditions,
    cursor: query.cursor ?? null,
    limit: query.limit,
    order: query.order,
    groups: query.group ?? [],
    outcome: query.outcome ?? null,
    error: query.error?.trim() || null,
  };
});

/** `GET /api/events/[id]` path parameter. */
export const EventParams = z.object({ id: single(512) });
/** `GET /api/events/[id]` query: `source` picks one event when its id exists under several sources. */
export const EventDetailQuery = queryObject({ source: single(512).optional() });
/** `GET /api/events/[id]/payload` query: `part` is `data` (default) or `rawFields`. */
export const EventPayloadQuery = queryObject({
  source: single(512).optional(),
  part: z.enum(PAYLOAD_PARTS, { error: `expected one of ${PAYLOAD_PARTS.join(', ')}` }).default('data'),
});
