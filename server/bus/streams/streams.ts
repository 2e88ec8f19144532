import { assertTopic } from '../topics';
import { ScriptBatcher } from './batcher';
import { Processor, readStats, type Stage } from './processor';
import { registerStreamScripts } from './scripts';
import type { Terminal, TerminalContext } from './terminal';
import { absenceTerminal, countTerminal } from './rules';
import { forwardTerminal } from './forward';
import { windowTerminal } from './windows';
import type {
  AbsenceRuleSpec,
  CountRuleSpec,
  Mapped,
  ProcessorOptions,
  ProcessorStats,
  StreamEvent,
  StreamsDeps,
  ToOptions,
  WindowSpec,
} from './types';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const DEFAULT_POLL_MS = 250;
/** Presence is rewritten every heartbeat: a description is a line, not a document. */
const MAX_DESCRIPTION = 300;
/** Outbox entries older than this (and a few polls) are taken as left by a crashed writer. */
const STALE_MS = 2_000;

/** Where a window or rule publishes its results. */
export interface ResultTarget {
  to(topic: string, options?: ToOptions): Processor;
}

/**
 * `bus.streams`: stream processing over the bus's consumer groups. See server/bus/README.md (Stream
 * processing).
 */
export class Streams {
  private readonly running = new Map<string, Processor>();
  private readonly batcher: ScriptBatcher;

  constructor(private readonly deps: StreamsDeps) {
    registerStreamScripts(deps.redis);
    this.batcher = new ScriptBatcher(deps.redis);
  }

  /** Starts a pipeline over the topics (names or `*` patterns); nothing runs until a terminal (`to`). */
  from<T = unknown>(topics: string | readonly string[], options: ProcessorOptions): StreamBuilder<T> {
    if (!NAME.test(options.name))
      throw new RangeError(`invalid processor name ${JSON.stringify(options.name)}`);
    const list = typeof topics === 'string' ? [topics] : [...topics];
    return new StreamBuilder<T>(
      (stages, topic, terminal) => this.start(list, options, stages, topic, terminal),
      [],
    );
  }

  /** A processor's counters by name, whichever processes run it. */
  stats(name: string): Promise<ProcessorStats> {
    return readStats(this.deps.redis, this.deps.keys, name);
  }

  private start(
    topics: readonly string[],
    options: ProcessorOptions,
    stages: readonly Stage[],
    topic: string,
    terminal: (ctx: TerminalContext) => Terminal,
  ): Processor {
    const { name, pollMs, description, ...subscribeOptions } = options;
    assertTopic(topic);
    if (description !== undefined && description.length > MAX_DESCRIPTION)
      throw new RangeError(`processor description longer than ${MAX_DESCRIPTION} characters`);
    if (this.running.has(name)) throw new Error(`stream processor ${name} already runs in this process`);
    const pollEvery = pollMs ?? DEFAULT_POLL_MS;
    const processor = new Processor(
      {
        name,
        redis: this.deps.redis,
        keys: this.deps.keys,
        log: this.deps.log,
        pollMs: pollEvery,
        service: this.deps.service,
        output: topic,
        description,
        terminal: terminal({
          name,
          redis: this.deps.redis,
          batcher: this.batcher,
          keys: this.deps.keys,
          topic,
          publishBatch: this.deps.publishBatch,
          staleMs: Math.max(STALE_MS, 4 * pollEvery),
        }),
        // per-key order: events of one subject are handled one at a time, in stream order
        subscribe: (handler) =>
          this.deps.subscribe(`streams.${name}`, topics, (event) => handler(event), {
            ...subscribeOptions,
            orderBySubject: true,
          }),
        onStop: () => this.running.delete(name),
      },
      stages,
    );
    this.running.set(name, processor);
    return processor;
  }
}

type Start = (
  stages: readonly Stage[],
  topic: string,
  terminal: (ctx: TerminalContext) => Terminal,
) => Processor;

/** An immutable pipeline description: each step returns a new builder. */
export class StreamBuilder<T> {
  constructor(
    private readonly start: Start,
    private readonly stages: readonly Stage[],
  ) {}

  filter(predicate: (event: StreamEvent<T>) => boolean | Promise<boolean>): StreamBuilder<T> {
    return this.then<T>(async (event) => ((await predicate(event as StreamEvent<T>)) ? event : null));
  }

  /** New data (and optionally type, subject); the event keeps its id, time and lineage. */
  map<U>(transform: (event: StreamEvent<T>) => Mapped<U> | Promise<Mapped<U>>): StreamBuilder<U> {
    return this.then<U>(async (event) => {
      const mapped = await transform(event as StreamEvent<T>);
      const next: StreamEvent = { ...event, type: mapped.type ?? event.type, data: mapped.data };
      if (mapped.subject !== undefined) next.subject = mapped.subject;
      return next;
    });
  }

  /** Publishes each event to `topic`, caused by its input. */
  to(topic: string, options: ToOptions = {}): Processor {
    return this.start(this.stages, topic, (ctx) => forwardTerminal(ctx, options.type));
  }

  /** Windowed aggregation by event time; results go to the topic given to `to`. */
  window(spec: WindowSpec<T>): ResultTarget {
    return this.target((ctx, type) => windowTerminal(ctx, spec, type ?? `${ctx.name}.window`));
  }

  /** Alert when `count` matching events of one key fall within `withinMs`. */
  count(spec: CountRuleSpec<T>): ResultTarget {
    return this.target((ctx, type) => countTerminal(ctx, spec, type ?? `${ctx.name}.alert`));
  }

  /** Alert when a `first` event is not followed by a `then` event of its key within `withinMs`. */
  absence(spec: AbsenceRuleSpec<T>): ResultTarget {
    return this.target((ctx, type) => absenceTerminal(ctx, spec, type ?? `${ctx.name}.alert`));
  }

  private then<U>(stage: Stage): StreamBuilder<U> {
    return new StreamBuilder<U>(this.start, [...this.stages, stage]);
  }

  private target(build: (ctx: TerminalContext, type: string | undefined) => Terminal): ResultTarget {
    return {
      to: (topic, options = {}) => this.start(this.stages, topic, (ctx) => build(ctx, options.type)),
    };
  }
}
