import { z } from 'zod';
import { MaskInfo } from './masking';
import { Instant, intParam, queryObject, single } from './query-params';

/**
 * Correlation traces: one correlation id's events as a causation tree, with every consumer group's
 * deliveries under each event, the dead letters and replays they led to, the critical path and honest
 * warnings where the tree is partial. Shared by `GET /api/traces*`, the Traces pages and the CLI.
 */

/** A trace opens with at most this many events; beyond it the response says `truncated`. */
export const MAX_TRACE_EVENTS = 10_000;
/** Nodes per page of `GET /api/traces/{id}` (the tree, critical path and totals cover the whole trace). */
export const TRACE_PAGE_DEFAULT = 500;
export const TRACE_PAGE_MAX = 2_000;
/** A trace whose last event is younger than this is shown as still in progress. */
export const TRACE_IN_PROGRESS_MS = 60_000;

export const TRACE_HAS = ['failures', 'dead-letters', 'replays'] as const;
export type TraceHas = (typeof TRACE_HAS)[number];

/** One row of trace search, and the head of a trace. */
export const TraceSummary = z.object({
  correlationId: z.string(),
  /** The earliest event without a recorded cause inside the trace; null when every event has one (a cycle). */
  rootEventId: z.string().nullable(),
  rootType: z.string().nullable(),
  /** Services that published (event `source`) or consumed (delivery `service`) in the trace, sorted. */
  services: z.array(z.string()),
  topics: z.array(z.string()),
  /** ISO 8601: the first event's time. */
  start: z.string(),
  /** ISO 8601: the last event's time or the last delivery's end, whichever is later. */
  end: z.string(),
  durationMs: z.number(),
  events: z.number().int(),
  /** Deliveries that failed (`failed`, `retried`, `dead-lettered`). */
  failures: z.number().int(),
  deadLetters: z.number().int(),
  /** Replays of this trace's dead letters (letters sent again by a replay job). */
  replays: z.number().int(),
  /** The last event is younger than TRACE_IN_PROGRESS_MS. */
  inProgress: z.boolean(),
});
export type TraceSummary = z.infer<typeof TraceSummary>;

/** Search result: a page of traces, newest activity first, and how far back the search looked. */
export const TracePage = z.object({
  items: z.array(TraceSummary),
  nextCursor: z.string().nullable(),
  /** The time window this page's search covered (a bounded scan says where it stopped). */
  searched: z.object({ from: z.string(), to: z.string() }),
});
export type TracePage = z.infer<typeof TracePage>;

/** `GET /api/traces` query (filters AND together). */
export const TraceSearchQuery = queryObject({
  correlationId: single(256).optional(),
  rootType: single(256).optional(),
  /** Publishing (event source) or consuming service. */
  service: single(256).optional(),
  topic: single(256).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  /** Comma-separated or repeated: `failures`, `dead-letters`, `replays`. */
  has: z
    .union([z.string(), z.array(z.string()).max(3)])
    .transform((value, ctx) => {
      const items = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','));
      const out: TraceHas[] = [];
      for (const item of items) {
        const trimmed = item.trim();
        if (!(TRACE_HAS as readonly string[]).includes(trimmed)) {
          ctx.addIssue({
            code: 'custom',
            message: `expected ${TRACE_HAS.join(', ')}; got ${JSON.stringify(trimmed.slice(0, 40))}`,
          });
          return z.NEVER;
        }
        out.push(trimmed as TraceHas);
      }
      return [...new Set(out)];
    })
    .optional(),
  minDurationMs: intParam(0, 86_400_000 * 30).optional(),
  minEvents: intParam(1, 10_000_000).optional(),
  cursor: single(512).optional(),
  limit: intParam(1, 100).default(25),
});
export type TraceSearchQuery = z.infer<typeof TraceSearchQuery>;

export const TRACE_OUTCOMES = [
  'handled',
  'retrying',
  'failed',
  'dead-lettered',
  'replayed',
  'discarded',
  'duplicate',
  'in-flight',
] as const;
export type TraceOutcome = (typeof TRACE_OUTCOMES)[number];

/** One attempt of one consumer group at one event, as the delivery telemetry reported it. */
export const TraceAttempt = z.object({
  attempt: z.number().int(),
  outcome: z.string(),
  /** ISO 8601: when the outcome was reported (the handler's end). */
  at: z.string(),
  durationMs: z.number().nullable(),
  /** The delivery's short error; the dead letter has the whole message and stack. */
  error: z.string().nullable(),
  /** Wait before this attempt since the previous one ended (a retry's backoff); null for the first. */
  delayMs: z.number().nullable(),
});
export type TraceAttempt = z.infer<typeof TraceAttempt>;

/** One consumer group's handling of one event: every attempt and the final outcome. */
export const TraceDelivery = z.object({
  group: z.string(),
  service: z.string(),
  consumer: z.string(),
  /** Where it ended: handled, dead-lettered (then replayed or discarded), or still retrying / in flight. */
  outcome: z.enum(TRACE_OUTCOMES),
  attempts: z.array(TraceAttempt),
  /** Published -> first handler start (ms); null when the handler time is unknown. */
  queueWaitMs: z.number().nullable(),
  /** Sum of the attempts' handler times. */
  handlerMs: z.number().nullable(),
  /** Offsets from the trace's start (ms): first handler start and last attempt's end. */
  startMs: z.number().nullable(),
  endMs: z.number(),
  /** The dead letter this delivery led to, and the replay job that sent it again, when they exist. */
  deadLetterId: z.string().nullable(),
  replayJobId: z.string().nullable(),
  /** The event the replay published (a new id when the replay was edited, else the same id). */
  replayEventId: z.string().nullable(),
});
export type TraceDelivery = z.infer<typeof TraceDelivery>;

export const TRACE_PLACEHOLDERS = ['missing-cause', 'cycle', 'truncated'] as const;

/**
 * One row of the causation tree in depth-first order (children oldest first). `kind: event` is a
 * recorded event; the others are marked placeholders standing where the tree could not continue.
 */
export const TraceNode = z.object({
  kind: z.enum(['event', ...TRACE_PLACEHOLDERS]),
  /** The event id; for a placeholder, the id it stands for (the unrecorded cause, the looping event). */
  id: z.string(),
  /** The parent row's id (null for a root); a placeholder's children hang under it. */
  parentId: z.string().nullable(),
  depth: z.number().int(),
  /** Rows under this one in the whole tree (for collapse), not only on this page. */
  descendants: z.number().int(),
  /** Why this placeholder stands here (null for events). */
  reason: z.string().nullable(),
  source: z.string().nullable(),
  type: z.string().nullable(),
  topic: z.string().nullable(),
  subject: z.string().nullable(),
  /** ISO 8601 (null for placeholders without a time). */
  time: z.string().nullable(),
  /** Since the trace's start, and since the parent event's time (null for roots and placeholders). */
  offsetMs: z.number().nullable(),
  sinceParentMs: z.number().nullable(),
  foreign: z.boolean(),
  sensitivity: z.string().nullable(),
  /** The start of `data` (masked for the caller), as in the events list. */
  preview: z.string().nullable(),
  previewTruncated: z.boolean(),
  masked: MaskInfo.optional(),
  /** On the critical path. */
  critical: z.boolean(),
  deliveries: z.array(TraceDelivery),
});
export type TraceNode = z.infer<typeof TraceNode>;

export const TraceWarning = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('missing-cause'),
    eventId: z.string(),
    causationId: z.string(),
    /** Recorded, but under another correlation id (then it links there), or never recorded. */
    otherCorrelationId: z.string().nullable(),
    message: z.string(),
  }),
  z.object({ kind: z.literal('cycle'), eventIds: z.array(z.string()), message: z.string() }),
  z.object({
    kind: z.literal('truncated'),
    /** What was cut: the trace's events (the tree ends in a placeholder) or their delivery reports. */
    of: z.enum(['events', 'deliveries']),
    shown: z.number().int(),
    total: z.number().int(),
    message: z.string(),
  }),
]);
export type TraceWarning = z.infer<typeof TraceWarning>;

export const TraceDeadLetter = z.object({
  id: z.string(),
  eventId: z.string().nullable(),
  group: z.string(),
  category: z.string(),
  status: z.string(),
  errorName: z.string(),
  errorMessage: z.string(),
  lastFailureAt: z.string(),
});
export type TraceDeadLetter = z.infer<typeof TraceDeadLetter>;

export const TraceReplay = z.object({
  jobId: z.string(),
  letterId: z.string(),
  /** The replayed letter's event, and the event the replay published (new when edited). */
  eventId: z.string().nullable(),
  newEventId: z.string().nullable(),
  state: z.string(),
  at: z.string().nullable(),
});
export type TraceReplay = z.infer<typeof TraceReplay>;

/** The chain of hops that decided the trace's end time, and where that time went. */
export const CriticalPath = z.object({
  /** Root to the event whose handling ended last. */
  eventIds: z.array(z.string()),
  totalMs: z.number(),
  hops: z.array(
    z.object({
      fromEventId: z.string().nullable(),
      toEventId: z.string(),
      /** The service that did this hop's work (published `toEventId`, or handled the last event). */
      service: z.string(),
      ms: z.number(),
      /** Queue wait and handler time inside the hop, when the deliveries tell. */
      queueWaitMs: z.number().nullable(),
      handlerMs: z.number().nullable(),
    }),
  ),
  services: z.array(z.object({ service: z.string(), ms: z.number(), hops: z.number().int() })),
});
export type CriticalPath = z.infer<typeof CriticalPath>;

export const TraceDetail = z.object({
  summary: TraceSummary,
  /** One page of the tree's rows, depth-first. */
  nodes: z.array(TraceNode),
  /** Rows of the whole tree (placeholders included), and where the next page starts. */
  totalNodes: z.number().int(),
  nextCursor: z.string().nullable(),
  criticalPath: CriticalPath,
  deadLetters: z.array(TraceDeadLetter),
  replays: z.array(TraceReplay),
  warnings: z.array(TraceWarning),
});
export type TraceDetail = z.infer<typeof TraceDetail>;

export const TraceParams = z.object({ correlationId: z.string().min(1).max(256) });

export const TraceDetailQuery = queryObject({
  cursor: single(64).optional(),
  limit: intParam(1, TRACE_PAGE_MAX).default(TRACE_PAGE_DEFAULT),
});

/** `GET /api/traces/compare?a=&b=`. */
export const TraceCompareQuery = queryObject({ a: single(256), b: single(256) });

export const TRACE_DIFFS = ['only-in-a', 'only-in-b', 'slower-in-a', 'slower-in-b'] as const;

/** Two traces of the same root type, hop by hop, matched by their path of event types in the tree. */
export const TraceComparison = z.object({
  a: TraceSummary,
  b: TraceSummary,
  rows: z.array(
    z.object({
      /** `order.placed > payment.requested#1`: types from the root, with the sibling index when repeated. */
      path: z.string(),
      type: z.string(),
      depth: z.number().int(),
      a: z
        .object({
          eventId: z.string(),
          offsetMs: z.number(),
          sinceParentMs: z.number().nullable(),
          outcome: z.string(),
        })
        .nullable(),
      b: z
        .object({
          eventId: z.string(),
          offsetMs: z.number(),
          sinceParentMs: z.number().nullable(),
          outcome: z.string(),
        })
        .nullable(),
      /** Null when the hop matches; slower = more than twice and 50 ms slower than the other. */
      diff: z.enum(TRACE_DIFFS).nullable(),
    }),
  ),
});
export type TraceComparison = z.infer<typeof TraceComparison>;
