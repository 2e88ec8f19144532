import type { Envelope } from '@/server/contracts/envelope';
import { decodeEntry, decodeFailure } from '../codec';
import type { PublishInput } from '../envelope';
import type { SchemaRegistry } from '../schema-registry';
import { parseCommand } from './command-input';
import {
  CommandValidationError,
  ConcurrencyError,
  InvalidAggregateIdError,
  UnknownCommandError,
} from './errors';
import { AggregateStats } from './presence';
import { historyWindow, type AggregateHistory, type HistoryStep } from './history';
import type { EventStore } from './store';
import type {
  AggregateSpec,
  Appended,
  AppendOptions,
  CommandInputs,
  CommandSpec,
  DomainEvent,
  EventAttributes,
  Executed,
  ExecuteOptions,
  Loaded,
  LoadOptions,
  NewEvent,
} from './types';

/** Events per read: one page costs ~1 ms of Redis time, so a long history never blocks Redis for long. */
const PAGE = 1_000;
/** Aggregate ids per SSCAN step of rebuildAll. */
const SCAN_COUNT = 200;

/**
 * One aggregate type: load (snapshot + the events after it, upcast to their latest schema), append
 * with a version check, commands (validate, load, decide, append), snapshots and rebuilds.
 */
export class Aggregate<S, E extends DomainEvent = DomainEvent, C extends CommandInputs = CommandInputs> {
  readonly type: string;
  readonly topic: string;
  private readonly every: number;
  private readonly format: string;

  constructor(
    readonly spec: AggregateSpec<S, E, C>,
    private readonly store: EventStore,
    private readonly schemas: SchemaRegistry | undefined,
    /** What this process did with the type, announced by AggregatePresence. */
    readonly stats = new AggregateStats(),
  ) {
    this.type = store.type;
    this.topic = store.topic;
    this.every = spec.snapshotEvery ?? 100;
    this.format = String(spec.snapshotVersion ?? 1);
  }

  /** The command types this aggregate handles. */
  get commandTypes(): string[] {
    return Object.keys(this.spec.commands ?? {});
  }

  /** Current state: the latest snapshot plus the events after it (writes a snapshot when they are many). */
  async load(aggregateId: string, options: LoadOptions = {}): Promise<Loaded<S>> {
    assertId(aggregateId);
    this.stats.loads += 1;
    const useSnapshot = options.snapshot !== false;
    const first = await this.store.first(aggregateId, useSnapshot ? this.format : '', PAGE);
    let state = first.snapshot === null ? this.initial() : this.decodeSnapshot(first.snapshot);
    let version = first.snapshotVersion;
    let entries = first.entries;
    for (;;) {
      for (const [entryId, fields] of entries) {
        version = versionOf(entryId);
        state = this.applyEntry(state, fields, version);
      }
      if (entries.length < PAGE) break;
      entries = await this.store.after(aggregateId, version, PAGE);
    }
    const loaded: Loaded<S> = {
      aggregateId,
      version,
      state,
      snapshotVersion: first.snapshotVersion,
      eventsApplied: version - first.snapshotVersion,
    };
    if (useSnapshot) await this.snapshotIfDue(aggregateId, first.snapshotVersion, version, state);
    return loaded;
  }

  /**
   * Appends at `expectedVersion` (the version the caller read; 0 for a new aggregate) or throws
   * ConcurrencyError, atomically with their publication on the type's topic.
   */
  async append(
    aggregateId: string,
    events: NewEvent<E> | readonly NewEvent<E>[],
    options: AppendOptions,
  ): Promise<Appended> {
    assertId(aggregateId);
    const { expectedVersion, ...attributes } = options;
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new RangeError(`expectedVersion must be an integer ≥ 0, got ${expectedVersion}`);
    }
    const list = asList<NewEvent<E>>(events);
    if (list.length === 0) return { version: expectedVersion, events: [] };
    return this.commit(aggregateId, toInputs(list, attributes), expectedVersion);
  }

  /**
   * Runs a command: validates its input (CommandValidationError naming the fields), loads, lets the
   * handler decide, appends with the loaded version as expected version. On ConcurrencyError it loads
   * and decides again up to `retryOnConflict` times, then throws it.
   */
  async execute<K extends keyof C & string>(
    aggregateId: string,
    command: K,
    input: C[K],
    options: ExecuteOptions = {},
  ): Promise<Executed<S>> {
    const handler = this.spec.commands?.[command];
    if (!handler) throw new UnknownCommandError(command);
    assertId(aggregateId);
    this.stats.commands += 1;
    try {
      return await this.decideAndAppend(
        aggregateId,
        handler,
        parseCommand(command, handler.schema, input),
        options,
      );
    } catch (error) {
      if (error instanceof CommandValidationError) this.stats.invalid += 1;
      else if (!(error instanceof ConcurrencyError)) this.stats.failed += 1;
      throw error;
    }
  }

  private async decideAndAppend<I>(
    aggregateId: string,
    handler: CommandSpec<S, E, I>,
    parsed: I,
    options: ExecuteOptions,
  ): Promise<Executed<S>> {
    const { retryOnConflict = 0, ...attributes } = options;
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load(aggregateId);
      const decided = asList<NewEvent<DomainEvent>>(
        await handler.handle(loaded.state, parsed, {
          aggregateId,
          version: loaded.version,
          state: loaded.state,
        }),
      );
      if (decided.length === 0) return { version: loaded.version, events: [], state: loaded.state };
      let appended: Appended;
      try {
        appended = await this.commit(aggregateId, toInputs(decided, attributes), loaded.version);
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < retryOnConflict) continue;
        throw error;
      }
      let state = loaded.state;
      for (const event of appended.events) state = this.applyEnvelope(state, event.envelope, event.version);
      await this.snapshotIfDue(aggregateId, loaded.snapshotVersion, appended.version, state);
      return { ...appended, state };
    }
  }

  /**
   * A page of the history around version `at` (default the latest), each event with the state it
   * left, folded from `initial` with the same upcasting as `load`; it starts from a snapshot only when
   * that snapshot is not after the page. Null when the aggregate has no events; HistoryRangeError
   * when `at` is not one of its versions.
   */
  async history(aggregateId: string, at?: number): Promise<AggregateHistory | null> {
    assertId(aggregateId);
    const version = await this.store.latestVersion(aggregateId);
    if (version === 0) return null;
    const asked = at ?? version;
    const { from, to } = historyWindow(asked, version);
    let first = await this.store.first(aggregateId, this.format, PAGE);
    if (first.snapshotVersion > from - 1) first = await this.store.first(aggregateId, '', PAGE);
    let state = first.snapshot === null ? this.initial() : this.decodeSnapshot(first.snapshot);
    let current = first.snapshotVersion;
    let stateBefore: unknown = current === from - 1 ? structuredClone(state) : undefined;
    const events: HistoryStep[] = [];
    let entries = first.entries;
    while (current < to) {
      for (const [entryId, fields] of entries) {
        current = versionOf(entryId);
        if (current > to) break;
        const decoded = decodeEntry(fields);
        if (!decoded.ok) throw decodeFailure(decoded);
        state = this.applyEnvelope(state, decoded.envelope, current);
        // apply may change the state in place: keep a copy per version
        if (current === from - 1) stateBefore = structuredClone(state);
        if (current >= from)
          events.push({ version: current, event: decoded.envelope, stateAfter: structuredClone(state) });
      }
      if (entries.length < PAGE || current >= to) break;
      entries = await this.store.after(aggregateId, current, PAGE);
    }
    return { type: this.type, aggregateId, version, at: asked, from, to, stateBefore, events };
  }

  /** Folds the full history and replaces the snapshot with it (after a change of `apply`). */
  async rebuild(aggregateId: string): Promise<Loaded<S>> {
    const loaded = await this.load(aggregateId, { snapshot: false });
    if (this.every > 0 && loaded.version > 0) {
      await this.store.snapshot(
        aggregateId,
        loaded.version,
        this.format,
        this.encodeSnapshot(loaded.state),
        true,
      );
      this.stats.snapshots += 1;
    }
    return loaded;
  }

  /** Rebuilds every aggregate of the type, one at a time; resolves with how many and their events. */
  async rebuildAll(onProgress?: (done: number) => void): Promise<{ aggregates: number; events: number }> {
    let cursor = '0';
    let aggregates = 0;
    let events = 0;
    do {
      const [next, ids] = await this.store.scanIds(cursor, SCAN_COUNT);
      for (const id of ids) {
        events += (await this.rebuild(id)).version;
        aggregates += 1;
      }
      onProgress?.(aggregates);
      cursor = next;
    } while (cursor !== '0');
    return { aggregates, events };
  }

  private async commit(id: string, inputs: PublishInput[], expectedVersion: number): Promise<Appended> {
    try {
      const appended = await this.store.append(id, inputs, expectedVersion);
      this.stats.appended(appended.events.length, appended.events.at(-1)?.entryId);
      return appended;
    } catch (error) {
      if (error instanceof ConcurrencyError) this.stats.conflicts += 1;
      throw error;
    }
  }

  private applyEntry(state: S, fields: string[], version: number): S {
    const decoded = decodeEntry(fields);
    if (!decoded.ok) throw decodeFailure(decoded);
    return this.applyEnvelope(state, decoded.envelope, version);
  }

  /** Upcasts to the latest schema version (as consumers do) before `apply` sees the event. */
  private applyEnvelope(state: S, envelope: Envelope, version: number): S {
    const event = this.schemas ? this.schemas.upcastToLatest(envelope) : envelope;
    return this.spec.apply(state, { type: event.type, data: event.data } as E, { version, envelope: event });
  }

  private async snapshotIfDue(id: string, snapshotVersion: number, version: number, state: S): Promise<void> {
    if (this.every <= 0 || version - snapshotVersion < this.every) return;
    if (await this.store.snapshot(id, version, this.format, this.encodeSnapshot(state), false))
      this.stats.snapshots += 1;
  }

  private initial(): S {
    const initial = this.spec.initial;
    return typeof initial === 'function' ? (initial as () => S)() : structuredClone(initial);
  }

  private encodeSnapshot(state: S): string {
    return this.spec.snapshotCodec ? this.spec.snapshotCodec.encode(state) : JSON.stringify(state);
  }

  private decodeSnapshot(text: string): S {
    return this.spec.snapshotCodec ? this.spec.snapshotCodec.decode(text) : (JSON.parse(text) as S);
  }
}

function asList<T>(events: T | readonly T[]): readonly T[] {
  return Array.isArray(events) ? (events as readonly T[]) : [events as T];
}

function toInputs(events: readonly NewEvent<DomainEvent>[], shared: EventAttributes): PublishInput[] {
  return events.map((event) => ({ ...shared, ...event }));
}

/** An aggregate stream's entry id is `<version>-0`. */
function versionOf(entryId: string): number {
  return Number.parseInt(entryId, 10);
}

export function assertId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw new InvalidAggregateIdError(id);
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    // whitespace and control characters: invisible in keys, logs and the console
    if (code <= 0x20 || code === 0x7f || code === 0x85 || code === 0xa0 || code === 0x2028 || code === 0x2029)
      throw new InvalidAggregateIdError(id);
  }
}
