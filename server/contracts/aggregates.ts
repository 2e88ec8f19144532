import { z } from 'zod';
import { Envelope } from './envelope';
import { MaskInfo } from './masking';
import { intParam, queryObject } from './query-params';

/**
 * Event-sourced aggregates as the console and the CLI read them (`GET /api/aggregates*`), and the
 * inspection request the console sends to the processes that define a type (server/bus/aggregates).
 */

/** Aggregate types: letters, digits, `.`, `_`, `-` (≤ 100), as the SDK defines them. */
export const AGGREGATE_TYPE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Aggregate ids: 1 to 200 characters, no whitespace or control characters (the SDK's assertId). */
export const AGGREGATE_ID = /^[^\s\p{Cc}\u0085\u00a0\u2028\u2029]{1,200}$/u;
/** Versions the API accepts in `at` (far beyond any aggregate; a larger one is a 400, not a 500). */
export const MAX_VERSION = 1_000_000_000;

/** One process that announced the type (its heartbeat). */
export const AggregateWriter = z.object({
  service: z.string(),
  host: z.string(),
  pid: z.number().int(),
  eventsPerSec: z.number(),
  lastSeen: z.number(),
});
export type AggregateWriter = z.infer<typeof AggregateWriter>;

/** One aggregate type, its counters summed over the processes that define it. */
export const AggregateTypeSummary = z.object({
  type: z.string(),
  topic: z.string(),
  writers: z.array(AggregateWriter),
  commandTypes: z.array(z.string()),
  snapshotEvery: z.number().int(),
  /** Aggregates of the type that have events (the SDK's id set). */
  aggregates: z.number().int(),
  eventsPerSec: z.number(),
  appends: z.number().int(),
  events: z.number().int(),
  /** Appends refused by the version check (another writer appended first). */
  conflicts: z.number().int(),
  commands: z.number().int(),
  /** Commands refused by their schema. */
  invalid: z.number().int(),
  /** Commands whose handler threw, or whose append failed for another reason than a conflict. */
  failed: z.number().int(),
  snapshots: z.number().int(),
  /** Epoch ms of the newest heartbeat. */
  lastSeen: z.number(),
});
export type AggregateTypeSummary = z.infer<typeof AggregateTypeSummary>;

/** `GET /api/aggregates`. */
export const AggregateTypeList = z.object({
  items: z.array(AggregateTypeSummary),
  /** Heartbeat entries that did not parse (hand-written or from an incompatible SDK). */
  invalid: z.number().int(),
});
export type AggregateTypeList = z.infer<typeof AggregateTypeList>;

/** `GET /api/aggregates/{type}/{id}` path. */
export const AggregateParams = z.object({
  type: z.string().regex(AGGREGATE_TYPE_NAME, {
    error: "not an aggregate type (letters, digits, '.', '_' or '-', up to 100)",
  }),
  id: z.string().regex(AGGREGATE_ID, {
    error: 'not an aggregate id (1 to 200 characters, no whitespace or control characters)',
  }),
});
export type AggregateParams = z.infer<typeof AggregateParams>;

/** `GET /api/aggregates/{type}/{id}` query: `at`, the version to show the state at (default the latest). */
export const AggregateHistoryQuery = queryObject({ at: intParam(1, MAX_VERSION).optional() });
export type AggregateHistoryQuery = z.infer<typeof AggregateHistoryQuery>;

export const DIFF_OPS = ['added', 'removed', 'changed'] as const;

/** One change an event made to the state: a JSON path (`$.hosts[2].score`) and its values. */
export const StateChange = z.object({
  op: z.enum(DIFF_OPS),
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type StateChange = z.infer<typeof StateChange>;

/** One event of the history page, its data and (with a live owner) the state it left and its diff. */
export const AggregateHistoryEvent = z.object({
  version: z.number().int(),
  id: z.string(),
  type: z.string(),
  time: z.string().nullable(),
  source: z.string(),
  correlationId: z.string().nullable(),
  /** The event's data, masked for the caller. */
  data: z.unknown().optional(),
  /** The state after this event, masked; absent when no live process defines the type. */
  stateAfter: z.unknown().optional(),
  /** What the event changed in the (masked) state; absent without states. */
  changes: z.array(StateChange).optional(),
  masked: MaskInfo.optional(),
});
export type AggregateHistoryEvent = z.infer<typeof AggregateHistoryEvent>;

/** Where the states came from: this process, a live process that defines the type, or nowhere. */
export const STATE_SOURCES = ['local', 'owner', 'unavailable'] as const;

/** `GET /api/aggregates/{type}/{id}`: a page of history around `at` and the state at `at`. */
export const AggregateDetail = z.object({
  type: z.string(),
  aggregateId: z.string(),
  topic: z.string(),
  /** The aggregate's version now (its number of events). */
  version: z.number().int(),
  at: z.number().int(),
  /** First and last version on this page (at most 200 around `at`). */
  from: z.number().int(),
  to: z.number().int(),
  states: z.enum(STATE_SOURCES),
  /** Why there are no states (`states: unavailable`), in words for the operator; null otherwise. */
  statesNote: z.string().nullable(),
  /** The state at `at`, masked; absent without states. */
  state: z.unknown().optional(),
  events: z.array(AggregateHistoryEvent),
  masking: MaskInfo.optional(),
});
export type AggregateDetail = z.infer<typeof AggregateDetail>;

/** What the console asks a process that defines the type (on keys.aggregateInspectTopic(type)). */
export const AggregateInspectRequest = z.object({
  aggregateId: z.string().regex(AGGREGATE_ID),
  at: z.number().int().min(1).optional(),
  /** Epoch ms after which the asker no longer waits: a process that reads it later skips it. */
  deadline: z.number(),
});
export type AggregateInspectRequest = z.infer<typeof AggregateInspectRequest>;

/** The answer: null when the aggregate has no events. */
export const AggregateInspectReply = z.object({
  history: z
    .object({
      type: z.string(),
      aggregateId: z.string(),
      version: z.number().int(),
      at: z.number().int(),
      from: z.number().int(),
      to: z.number().int(),
      stateBefore: z.unknown(),
      events: z.array(z.object({ version: z.number().int(), event: Envelope, stateAfter: z.unknown() })),
    })
    .nullable(),
});
export type AggregateInspectReply = z.infer<typeof AggregateInspectReply>;
