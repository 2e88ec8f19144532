import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import type { ScriptBatcher } from './batcher';
import type { ResultOutbox } from './outbox';
import type { ProcessorKind } from './registry';
import type { RuleShape, StreamEvent, StreamsDeps } from './types';

/** The end of a processor's pipeline: where an event that passed every stage goes. */
export interface Terminal {
  readonly kind: ProcessorKind;
  /** Type of the events it publishes; undefined when it keeps each input's (mapped) type. */
  readonly outputType?: string;
  /** Rules: their threshold and window, announced with the presence. */
  readonly rule?: RuleShape;
  /** Applies the event (state, publish); throws to have it redelivered. */
  apply(event: StreamEvent): Promise<void>;
  /** Polled: fires what became due (absence deadlines). */
  due?(now: number): Promise<void>;
  /** The outbox of results, when the terminal keeps state. */
  readonly outbox?: ResultOutbox;
}

/** What a terminal is built from. */
export interface TerminalContext {
  name: string;
  redis: Redis;
  /** Per-event script calls of one event-loop turn go out as one pipeline. */
  batcher: ScriptBatcher;
  keys: Keys;
  topic: string;
  publishBatch: StreamsDeps['publishBatch'];
  /** Outbox entries older than this are a crashed writer's: the poller publishes them. */
  staleMs: number;
}

/** The `source|id` an event is deduped on inside a processor's scripts. */
export function dedupeMember(event: StreamEvent): string {
  return `${event.source}|${event.id}`;
}

/** The grouping key: the spec's function, else the subject. */
export function keyOf<T>(
  event: StreamEvent<T>,
  key: ((event: StreamEvent<T>) => string | undefined) | undefined,
): string | undefined {
  return key ? key(event) : event.subject;
}
