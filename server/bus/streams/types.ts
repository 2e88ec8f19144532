import type { Envelope } from '@/server/contracts/envelope';
import type { PublishInput } from '../envelope';
import type { Published } from '../publisher';
import type { Subscription } from '../subscription';
import type { BusLogger, Handler, SubscribeOptions } from '../types';
import type { Keys } from '../keys';
import type { Redis } from 'ioredis';

/** An event flowing through a processor: the input envelope, as the stages before changed it. */
export type StreamEvent<T = unknown> = Envelope & { data: T };

/** What `map` returns: the new data, and optionally a new type or subject (the rest is kept). */
export interface Mapped<U> {
  type?: string;
  subject?: string;
  data: U;
}

export interface ProcessorOptions extends Omit<
  SubscribeOptions,
  'orderBySubject' | 'consumer' | 'idempotent'
> {
  /**
   * Names the processor: its consumer group is `streams.<name>`, its state lives under the hash tag
   * `{sp:<name>}`, and its results' ids derive from it. Letters, digits, `.`, `_`, `-`.
   */
  name: string;
  /** How often absence deadlines and results left unpublished by a crash are looked at. Default 250 ms. */
  pollMs?: number;
  /**
   * What the processor does in words, announced with its presence for operators (the console's Rules
   * page): e.g. "5 auth.failed of one user within 60 s". Match functions cannot be announced, so this
   * is the only place their meaning reaches the dashboard. At most 300 characters.
   */
  description?: string;
}

export interface ToOptions {
  /** Type of the published results. Default: the mapped type (`to`), `<name>.window`, `<name>.alert`. */
  type?: string;
}

export interface WindowSpec<T> {
  kind: 'tumbling' | 'sliding';
  /** Window length in ms of event time. */
  sizeMs: number;
  /** Sliding windows start every `slideMs` (a divisor of `sizeMs`). Ignored for tumbling. */
  slideMs?: number;
  /**
   * How long after a window was emitted a late event still corrects it (re-published, next
   * `revision`); later ones are counted as `dropped`. Default 0.
   */
  latenessMs?: number;
  /** The watermark trails the latest event time by this much (bounded out-of-orderness). Default 0. */
  delayMs?: number;
  /**
   * For live streams (event times follow the clock): the pollers keep the watermark at least at their
   * clock less this, so that the last windows are published when events stop. Default: off (only
   * events move the watermark).
   */
  clockLagMs?: number;
  /**
   * The grouping key. Default: the subject (events without one are skipped). Events are handled in
   * order per subject: a key other than the subject gets no order guarantee of its own.
   */
  key?: (event: StreamEvent<T>) => string | undefined;
  /** The number aggregated (sum, min, max). Default: none, windows only count. */
  value?: (event: StreamEvent<T>) => number;
}

/** Data of a published window result. */
export interface WindowResult {
  key: string;
  /** ISO times of the window [start, end). */
  start: string;
  end: string;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  /** 1 when first emitted; each correction by a late event publishes the next. */
  revision: number;
}

export interface CountRuleSpec<T> {
  /** Which events count. Default: all (after the stages before). */
  match?: (event: StreamEvent<T>) => boolean;
  key?: (event: StreamEvent<T>) => string | undefined;
  /** Fires when this many matching events of one key fall within `withinMs` of event time. */
  count: number;
  withinMs: number;
}

export interface AbsenceRuleSpec<T> {
  /** The event that arms a deadline for its key (e.g. `order.placed`). */
  first: (event: StreamEvent<T>) => boolean;
  /** The event that must follow within `withinMs` (e.g. `payment.captured`). */
  then: (event: StreamEvent<T>) => boolean;
  key?: (event: StreamEvent<T>) => string | undefined;
  withinMs: number;
}

/** Data of a published alert: `events` are the matched events' ids, the last of them its causation. */
export interface RuleAlert {
  rule: string;
  key: string;
  events: string[];
  /** ISO event times of the first and last matched event. */
  first: string;
  last: string;
  /** Absence rules: when the follow-up was due. */
  deadline?: string;
}

/** The announced shape of a rule (functions aside): its threshold and window of event time. */
export interface RuleShape {
  /** Count rules: matching events of one key that fire an alert. */
  count?: number;
  withinMs: number;
}

/** A processor's counters (from Redis: every process running it adds to them). */
export interface ProcessorStats {
  /** Events applied to state (windows, rules). */
  applied: number;
  /** Window results first emitted / re-emitted by late events / events later than the lateness. */
  emitted: number;
  corrected: number;
  dropped: number;
  /** Rule matches (alerts written). */
  fired: number;
  /** Absence rules: deadlines met by their follow-up. */
  matched: number;
  /** Event time (ms) the processor has reached: windows, the latest less `delayMs`; null before any event. */
  watermark: number | null;
}

export interface StreamsDeps {
  redis: Redis;
  service: string;
  keys: Keys;
  log: BusLogger;
  subscribe: (
    group: string,
    topics: readonly string[],
    handler: Handler,
    options: SubscribeOptions,
  ) => Subscription;
  publishBatch: (topic: string, inputs: readonly PublishInput[]) => Promise<Published[]>;
}
