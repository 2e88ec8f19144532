import type { Envelope } from '@/server/contracts/envelope';
import type { PublishInput } from '../envelope';
import type { DataSchema } from '../schema-registry';

/** An event as an aggregate's code sees it: its CloudEvents type and its data (latest schema version). */
export interface DomainEvent {
  type: string;
  data?: unknown;
}

/** Publish attributes an appended event may carry; `subject` is always the aggregate id. */
export type EventAttributes = Pick<
  PublishInput,
  | 'id'
  | 'time'
  | 'correlationId'
  | 'causationId'
  | 'dataVersion'
  | 'dataschema'
  | 'datacontenttype'
  | 'sensitivity'
  | 'tenantId'
  | 'traceparent'
>;

/** An event to append: the domain event plus optional publish attributes. */
export type NewEvent<E extends DomainEvent> = E & EventAttributes;

/** What `apply` learns about an event besides its type and data. */
export interface EventMeta {
  /** The aggregate's version once this event is applied (1 for its first event). */
  version: number;
  envelope: Envelope;
}

export interface CommandContext<S> {
  aggregateId: string;
  /** The version the handler decides on; its events are appended with it as the expected version. */
  version: number;
  state: S;
}

/** One command type: its input schema (zod or any `safeParse`) and the handler deciding the events. */
export interface CommandSpec<S, E extends DomainEvent, I> {
  schema: DataSchema<I>;
  /**
   * Returns the events to append (none: the command changes nothing). Throw to reject the command.
   * Typed loosely: TypeScript widens the literal `type`s of an unannotated handler while it infers the
   * command inputs; the schema registry checks the events' data at append time.
   */
  handle: (
    state: S,
    input: I,
    ctx: CommandContext<S>,
  ) => Decided<E | DomainEvent> | Promise<Decided<E | DomainEvent>>;
}

/** What a command handler decides: one event, several, or none. */
export type Decided<E extends DomainEvent> = NewEvent<E> | readonly NewEvent<E>[];

/** Command type -> its input type (what the schema parses to). */
export type CommandInputs = Record<string, unknown>;

/** Turns state into a snapshot and back; default JSON. Change `snapshotVersion` when the shape changes. */
export interface SnapshotCodec<S> {
  encode(state: S): string;
  decode(text: string): S;
}

export interface AggregateSpec<S, E extends DomainEvent, C extends CommandInputs> {
  /** The aggregate type, e.g. `order`: letters, digits, `.`, `_`, `-` (≤ 100). */
  type: string;
  /** The topic its events are published on. Default: the type. */
  topic?: string;
  /** State before the first event: a value (cloned for each load) or a factory. */
  initial: S | (() => S);
  /** Folds one event into the state. Pure: it runs on every load, rebuild and snapshot. */
  apply: (state: S, event: E, meta: EventMeta) => S;
  /** Command type -> handler; each command type is handled by exactly one aggregate type. */
  commands?: { [K in keyof C]: CommandSpec<S, E, C[K]> };
  /** Take a snapshot once this many events follow the last one. Default 100; 0: never. */
  snapshotEvery?: number;
  /** Format of the snapshots: bump it when `apply` or the state changes, and older snapshots are ignored. Default 1. */
  snapshotVersion?: number;
  snapshotCodec?: SnapshotCodec<S>;
}

export interface LoadOptions {
  /** false: fold the full history, ignoring any snapshot. Default true. */
  snapshot?: boolean;
}

export interface Loaded<S> {
  aggregateId: string;
  /** Number of events of the aggregate (0: it has none). */
  version: number;
  state: S;
  /** The version of the snapshot the load started from (0: none). */
  snapshotVersion: number;
  /** Events applied on top of the snapshot. */
  eventsApplied: number;
}

export interface AppendOptions extends EventAttributes {
  /** The version the writer read; the append is refused with ConcurrencyError when it moved. */
  expectedVersion: number;
}

export interface AppendedEvent {
  /** The aggregate's version with this event. */
  version: number;
  /** Its entry id in the type's topic stream. */
  entryId: string;
  envelope: Envelope;
}

export interface Appended {
  version: number;
  events: AppendedEvent[];
}

export interface ExecuteOptions extends Omit<EventAttributes, 'id' | 'dataVersion'> {
  /** Load, decide and append again this many times when another writer appended first. Default 0. */
  retryOnConflict?: number;
}

export interface Executed<S> extends Appended {
  /** The state after the command's events. */
  state: S;
}

/** A command for `bus.aggregates.dispatch`: routed by `type` to the aggregate type that handles it. */
export interface Command {
  type: string;
  aggregateId: string;
  data: unknown;
}
