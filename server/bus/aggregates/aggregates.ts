import { TOPIC_NAME } from '../keys';
import type { SchemaRegistry } from '../schema-registry';
import type { BusLogger } from '../types';
import { Aggregate } from './aggregate';
import { AggregateDefinitionError, UnknownCommandError } from './errors';
import { answerInspection, INSPECT_GROUP, INSPECT_MAXLEN } from './inspect';
import { registerLocalAggregate, unregisterLocalAggregate } from './local';
import { AggregatePresence } from './presence';
import { EventStore, type StoreDeps } from './store';
import type { AggregateSpec, Command, CommandInputs, DomainEvent, Executed, ExecuteOptions } from './types';

export interface AggregatesDeps extends StoreDeps {
  schemas: SchemaRegistry | undefined;
  service: string;
  log: BusLogger;
  /** Answers requests on a topic (the bus's `handle`): serves the console's history requests. */
  handle?: (
    topic: string,
    respond: (request: { data: unknown }) => Promise<unknown>,
    options: { group: string },
  ) => { stop(): Promise<void> };
}

/** Aggregate types: letters, digits, `.`, `_`, `-`; no `:`, which separates a type from the id in keys. */
const AGGREGATE_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

// the registry holds aggregates of any state, events and commands; their own handles keep the types
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type AnyAggregate = Aggregate<any, any, any>;

/**
 * `bus.aggregates`: defines event-sourced aggregate types and routes commands to them (the CQRS write
 * side). One handler per command type across all aggregate types. See server/bus/README.md (Aggregates).
 */
export class Aggregates {
  private readonly byType = new Map<string, AnyAggregate>();
  private readonly byCommand = new Map<string, AnyAggregate>();

  private readonly presence: AggregatePresence;

  constructor(private readonly deps: AggregatesDeps) {
    this.presence = new AggregatePresence(deps.redis, deps.keys, deps.service, deps.log);
  }

  define<S, E extends DomainEvent, C extends CommandInputs = Record<never, never>>(
    spec: AggregateSpec<S, E, C>,
  ): Aggregate<S, E, C> {
    if (!AGGREGATE_TYPE.test(spec.type)) {
      throw new AggregateDefinitionError(
        `invalid aggregate type "${spec.type}": use letters, digits, '.', '_' or '-' (max 100)`,
      );
    }
    const topic = spec.topic ?? spec.type;
    if (!TOPIC_NAME.test(topic)) throw new AggregateDefinitionError(`invalid topic "${topic}"`);
    if (this.byType.has(spec.type)) {
      throw new AggregateDefinitionError(`aggregate type "${spec.type}" is defined already`);
    }
    const every = spec.snapshotEvery ?? 100;
    if (!Number.isInteger(every) || every < 0) {
      throw new AggregateDefinitionError(`snapshotEvery must be an integer ≥ 0, got ${every}`);
    }
    const aggregate = new Aggregate(spec, new EventStore(this.deps, spec.type, topic), this.deps.schemas);
    for (const command of aggregate.commandTypes) {
      const owner = this.byCommand.get(command);
      if (owner) {
        throw new AggregateDefinitionError(`command "${command}" is handled by "${owner.type}" already`);
      }
    }
    this.byType.set(spec.type, aggregate);
    for (const command of aggregate.commandTypes) this.byCommand.set(command, aggregate);
    this.presence.add({
      type: spec.type,
      topic,
      commands: aggregate.commandTypes,
      snapshotEvery: every,
      stats: aggregate.stats,
    });
    this.serveInspection(aggregate);
    return aggregate;
  }

  /** Answers the console's history requests for the type (only a process that defines it can fold). */
  private serveInspection(aggregate: AnyAggregate): void {
    registerLocalAggregate(this.deps.keys.prefix, aggregate.type, aggregate);
    if (!this.deps.handle) return;
    const topic = this.deps.keys.aggregateInspectTopic(aggregate.type);
    this.deps.topics.define(topic, { maxLen: INSPECT_MAXLEN }).catch((error: Error) => {
      // the topic registers itself with the default retention on its first request anyway
      this.deps.log.debug({ err: error.message, topic }, 'inspection topic retention not set');
    });
    this.deps.handle(topic, (request) => answerInspection(aggregate, request.data), { group: INSPECT_GROUP });
  }

  get(type: string): AnyAggregate | undefined {
    return this.byType.get(type);
  }

  /** Defined aggregate types. */
  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  /**
   * Routes a command to the aggregate type that handles its `type` (UnknownCommandError when none),
   * for commands that arrive untyped (from a topic, an HTTP body). Typed code calls `aggregate.execute`.
   */
  dispatch(command: Command, options?: ExecuteOptions): Promise<Executed<unknown>> {
    const aggregate = this.byCommand.get(command.type);
    if (!aggregate) return Promise.reject(new UnknownCommandError(command.type));
    return aggregate.execute(command.aggregateId, command.type, command.data, options);
  }

  /** Writes the types' heartbeats now (they are written every 5 s anyway). */
  announce(): Promise<void> {
    return this.presence.beat();
  }

  /** Stops announcing the types (their entries leave the registry). Appends and loads still work. */
  close(): Promise<void> {
    for (const aggregate of this.byType.values())
      unregisterLocalAggregate(this.deps.keys.prefix, aggregate.type, aggregate);
    return this.presence.close();
  }
}
