import { z } from 'zod';
import type { Role } from './access';
import type { Health } from './health';
import type { MaskInfo } from './masking';
import type { ReplayJob } from './replays';

/*
 * The socket.io protocol between the console and the server. Client -> server payloads are parsed with
 * the zod schemas below on arrival; a payload that fails gets `{ ok: false, error }` in its ack (or a
 * `live:error` event when it came without one), never a crash. Every list and string has a cap.
 */

// ---------------------------------------------------------------------------------------------------
// Shared pieces

/** A Redis stream entry id, `ms-seq`. */
export const EntryId = z.string().regex(/^\d{1,20}-\d{1,20}$/, 'not a stream entry id (ms-seq)');

/** A topic name, or a pattern where `*` matches any run of characters (`threat.*`, `*`). */
export const TopicOrPattern = z
  .string()
  .regex(/^(\*|[A-Za-z0-9*][A-Za-z0-9._*-]{0,199})$/, 'not a topic name or * pattern');

/** Chosen by the client to tell its tails apart (one socket may hold several). */
export const TailId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (1-64)');

export const LIVE_ERROR_CODES = [
  'INVALID_PAYLOAD',
  'TOO_MANY_TAILS',
  /** A newer `tail:subscribe` (or a `tail:unsubscribe`) for the same tail id came first. */
  'SUPERSEDED',
  'UNAVAILABLE',
  'INTERNAL',
  /** The socket's role may not do this (a viewer searching payload text). */
  'FORBIDDEN',
] as const;

/** The error half of every ack; the same shape as the API's error body. */
export const LiveError = z.object({
  code: z.enum(LIVE_ERROR_CODES),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type LiveError = z.infer<typeof LiveError>;

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: LiveError };

// ---------------------------------------------------------------------------------------------------
// Rooms: topology and metrics snapshots, pushed about once a second while a client is subscribed

/**
 * Loose on purpose: the server pushes what `/api/topology` and `/api/overview` return (server/app.ts
 * wires getTopology and getOverview); the room code only relays them.
 */
export const TopologySnapshot = z.looseObject({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()) });
export type TopologySnapshot = z.infer<typeof TopologySnapshot>;
export const MetricsSnapshot = z.looseObject({});
export type MetricsSnapshot = z.infer<typeof MetricsSnapshot>;

export const LIVE_ROOMS = ['topology', 'metrics'] as const;
export type LiveRoom = (typeof LIVE_ROOMS)[number];

/** `topology:subscribe` and friends carry no payload (an empty object is accepted too). */
export const RoomRequest = z.union([z.undefined(), z.object({}).strict()]);

// ---------------------------------------------------------------------------------------------------
// Event tails

/** Which events a tail shows: lists are OR-ed, fields AND-ed; an empty or missing list matches all. */
export const TailFilter = z
  .object({
    /** Topic names or `*` patterns. Default `['*']`. */
    topics: z.array(TopicOrPattern).min(1).max(20).default(['*']),
    /** Event types; `*` patterns allowed (`order.*`). Foreign entries have no type. */
    types: z.array(z.string().min(1).max(200)).max(50).optional(),
    /** Event sources (CloudEvents `source`); `*` patterns allowed. */
    sources: z.array(z.string().min(1).max(500)).max(50).optional(),
    correlationId: z.string().min(1).max(200).optional(),
    /** Case-insensitive substring of the encoded entry (envelope JSON, or a foreign entry's fields). */
    text: z.string().min(1).max(200).optional(),
  })
  .strict();
export type TailFilterInput = z.input<typeof TailFilter>;
export type TailFilter = z.output<typeof TailFilter>;

/**
 * Where a reconnecting client stopped: the `positions` it was last sent (topic -> entry id), and
 * optionally `after`, an entry id for topics it holds no position for (say, the time it first
 * subscribed as `<ms>-0`). Without `after`, such topics resume from the smallest position given.
 */
export const TailResume = z
  .object({
    positions: z
      .record(z.string().max(200), EntryId)
      .refine((p) => Object.keys(p).length <= 500, 'at most 500 positions'),
    after: EntryId.optional(),
  })
  .strict()
  .refine((r) => Object.keys(r.positions).length > 0 || r.after !== undefined, 'positions or after');
export type TailResume = z.infer<typeof TailResume>;

export const TailSubscribeRequest = z
  .object({
    /** Default `default`. Subscribing again with the same id replaces that tail. */
    tailId: TailId.default('default'),
    filter: TailFilter.default({ topics: ['*'] }),
    /** Present when reconnecting: replay what was missed, or get `tail:reset`. */
    resume: TailResume.optional(),
  })
  .strict();
export type TailSubscribeInput = z.input<typeof TailSubscribeRequest>;
export type TailSubscribeRequest = z.output<typeof TailSubscribeRequest>;

export const TailUnsubscribeRequest = z.object({ tailId: TailId.default('default') }).strict();
export type TailUnsubscribeInput = z.input<typeof TailUnsubscribeRequest>;

/** One stream entry as the live tail shows it: the envelope's attributes and a bounded data preview. */
export interface LiveEvent {
  topic: string;
  entryId: string;
  /** ISO time: the envelope's `time`, else the entry id's. */
  time: string;
  /** Absent for foreign entries. */
  id?: string;
  type?: string;
  source?: string;
  subject?: string;
  correlationId?: string;
  causationId?: string;
  /**
   * The start of `data` as JSON (or of a foreign entry's fields), cut to the tail's preview budget in
   * bytes as sent (at most EVENTLENS_PAYLOAD_PREVIEW_BYTES), the same cut as the REST API's.
   */
  preview: string;
  /** `preview` is not the whole of it. */
  truncated: boolean;
  /** Bytes of the entry as written (the recorded event's `sizeBytes`). */
  sizeBytes: number;
  /** Why the entry is not an SDK envelope; present only for foreign entries. */
  foreign?: string;
  /** The envelope's `sensitivity`, when set (the presenter masks `confidential` below operator). */
  sensitivity?: string;
  /** Present when values of `preview` were masked for this client (server/access/present-event.ts). */
  masked?: MaskInfo;
}

/** Present on a batch the per-client cap thinned: "showing 1 in `keptOneIn` of `ratePerSec` ev/s". */
export interface SamplingMarker {
  sampled: true;
  keptOneIn: number;
  ratePerSec: number;
}

export interface TailBatch {
  tailId: string;
  /** In stream order per topic; topics interleave. */
  events: LiveEvent[];
  /**
   * topic -> id of the last entry covered by this batch (matched or not): only those that moved since
   * the previous batch. Keep the latest per topic and send them back in `resume` after a reconnect.
   */
  positions: Record<string, string>;
  sampling?: SamplingMarker;
  /** A reconnect's catch-up (exactly the missed entries that match), sent before live batches. */
  replay?: true;
}

/** At most one `tail:events` per client per flush (100 ms), covering all of its tails. */
export interface TailFrame {
  /** Counts frames sent to this socket; a skipped frame takes no number. */
  seq: number;
  tails: TailBatch[];
  /** Frames dropped since the previous one because this client fell behind (its socket backed up). */
  skippedFrames: number;
  /** Events those frames held. */
  skippedEvents: number;
}

export const TAIL_RESET_REASONS = ['trimmed', 'too-far-behind', 'unavailable'] as const;
export type TailResetReason = (typeof TAIL_RESET_REASONS)[number];

/** The missed entries cannot be replayed: refetch history over REST, then continue from `positions`. */
export interface TailReset {
  tailId: string;
  reason: TailResetReason;
  /** Entries past the position (at least this many) when the reason is `too-far-behind`. */
  missed?: number;
  /** Where the live tail continues from. */
  positions: Record<string, string>;
}

export interface TailSubscribed {
  tailId: string;
  /** Topics the filter matches now (patterns pick up new topics as they appear). */
  topics: string[];
  /** Where this tail starts (or resumed to): topic -> entry id. */
  positions: Record<string, string>;
  /** What happened to `resume`: entries replayed, or the reason of the `tail:reset` sent. */
  resume: { replayed: number } | { reset: TailResetReason } | null;
}

// ---------------------------------------------------------------------------------------------------
// Relay status (for a health or debug endpoint)

export interface LiveClientStatus {
  socketId: string;
  tails: number;
  frames: number;
  /** Events sent live (replays not included). */
  sent: number;
  /** Events the per-client cap sampled out. */
  sampled: number;
  skippedFrames: number;
  skippedEvents: number;
  replayed: number;
  resets: number;
  /** Events waiting for the next flush. */
  queued: number;
}

export interface LiveStatus {
  state: 'idle' | 'reading' | 'backing-off' | 'stopped';
  streams: number;
  /** Entries read from Redis per second (last second). */
  eventsPerSec: number;
  entriesRead: number;
  errors: number;
  lastError: { message: string; at: string } | null;
  clients: LiveClientStatus[];
  rooms: Record<
    LiveRoom,
    { listeners: number; pushes: number; errors: number; lastError: { message: string; at: string } | null }
  >;
}

export interface DeadLettersChanged {
  /** Letters recorded since the last notice. */
  recorded: number;
  /** Letters whose status changed (replayed, discarded) since the last notice. */
  changed: number;
  /** Pending letters now, over all topics. */
  pending: number;
}

/**
 * Saga rows changed in the store (`sagas:changed`, room `sagas`): the Sagas pages refetch. Counts only,
 * summed over the recorders' committed batches since the last notice. Also the message recorders
 * publish on the bus' saga-changes channel, parsed on arrival like any other input.
 */
export const SagasChanged = z.object({
  /** saga_instances rows upserted (one per instance per batch). */
  instances: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** saga_steps rows upserted (attempts of steps and compensations). */
  steps: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
export type SagasChanged = z.infer<typeof SagasChanged>;

// ---------------------------------------------------------------------------------------------------
// Event maps

/** Events the server pushes. Names are `resource:action`. */
export interface ServerToClientEvents {
  'health:update': (health: Health) => void;
  'topology:update': (snapshot: TopologySnapshot) => void;
  'metrics:update': (snapshot: MetricsSnapshot) => void;
  'tail:events': (frame: TailFrame) => void;
  'tail:reset': (reset: TailReset) => void;
  /**
   * Dead letters were recorded or changed status (room `dead-letters`): lists refetch. Carries counts only,
   * never a payload; coalesced to at most one per second.
   */
  'deadLetters:changed': (change: DeadLettersChanged) => void;
  /** A replay job's progress or state changed (room `replays`): the job as `GET /api/replays/{id}` returns it. */
  'replay:progress': (job: ReplayJob) => void;
  /** The recorder projected saga events (room `sagas`); coalesced to at most one per 500 ms. */
  'sagas:changed': (change: SagasChanged) => void;
  /** A payload that failed validation and came without an ack. */
  'live:error': (error: LiveError & { event: string }) => void;
}

/** Events the browser sends. Every payload is parsed with zod on arrival. */
export interface ClientToServerEvents {
  'health:get': (ack: (health: Health) => void) => void;
  'topology:subscribe': (ack: (result: Ack) => void) => void;
  'topology:unsubscribe': (ack: (result: Ack) => void) => void;
  'metrics:subscribe': (ack: (result: Ack) => void) => void;
  'metrics:unsubscribe': (ack: (result: Ack) => void) => void;
  /** Join or leave room `sagas` (`sagas:changed`). */
  'sagas:subscribe': (ack: (result: Ack) => void) => void;
  'sagas:unsubscribe': (ack: (result: Ack) => void) => void;
  /** The ack arrives after the replay frame (or `tail:reset`) of a resume. */
  'tail:subscribe': (request: TailSubscribeInput, ack: (result: Ack<TailSubscribed>) => void) => void;
  'tail:unsubscribe': (request: TailUnsubscribeInput, ack: (result: Ack) => void) => void;
}

export type InterServerEvents = Record<string, never>;

/**
 * Who a socket acts for, set by the handshake middleware and refreshed by its revocation sweep: the
 * shape of server/access's Principal (contracts import nothing), so tail frames are presented for it.
 */
export interface SocketPrincipal {
  kind: 'user' | 'token' | 'demo';
  userId: string;
  name: string;
  role: Role;
  sessionId?: string;
  tokenId?: string;
}

export interface SocketData {
  connectedAt: number;
  principal: SocketPrincipal;
}
