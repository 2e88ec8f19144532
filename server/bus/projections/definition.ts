import type { Envelope } from '@/server/contracts/envelope';
import { BusError } from '../errors';
import { assertTopic } from '../topics';
import type { Model } from './model';

/** Where the event a handler sees came from. */
export interface ProjectionEventContext {
  topic: string;
  /** The stream entry id (the event's identity is `event.source` + `event.id`). */
  entryId: string;
}

/**
 * Applies one event to the read model. Writes go through `model` and are committed with the batch's
 * checkpoint, atomically; a handler must not write anywhere else (a batch may be applied again when its
 * commit is refused). Synchronous handlers keep catch-up fast; a returned promise is awaited.
 */
export type ProjectionHandler<T = unknown> = (
  event: Envelope & { data: T },
  model: Model,
  ctx: ProjectionEventContext,
) => void | Promise<void>;

export interface ProjectionSpec {
  /** Letters, digits, '.', '_' or '-' (max 100): it is the projection's Redis hash tag. */
  name: string;
  /** Topics read from their first entry, each with its own checkpoint. */
  topics: readonly string[];
  /** Handlers by event type; events of other types only move the checkpoint. */
  // each handler declares its own event's data type: no single type fits them all
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: Readonly<Record<string, ProjectionHandler<any>>>;
}

export interface ProjectionDefinition {
  readonly name: string;
  readonly topics: readonly string[];
  readonly handlers: ReadonlyMap<string, ProjectionHandler>;
}

export const PROJECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export class InvalidProjectionError extends BusError {
  constructor(message: string) {
    super('INVALID_PROJECTION', message);
  }
}

export class ProjectionNotFoundError extends BusError {
  constructor(name: string) {
    super('NOT_FOUND', `projection "${name}": not found (never registered under this prefix)`);
  }
}

/** Checks a projection's declaration once, where it is written. */
export function defineProjection(spec: ProjectionSpec): ProjectionDefinition {
  if (!PROJECTION_NAME.test(spec.name)) {
    throw new InvalidProjectionError(
      `invalid projection name "${spec.name}": use letters, digits, '.', '_' or '-' (max 100)`,
    );
  }
  if (spec.topics.length === 0) throw new InvalidProjectionError(`projection "${spec.name}" reads no topic`);
  spec.topics.forEach(assertTopic);
  const handlers = new Map(Object.entries(spec.handlers) as [string, ProjectionHandler][]);
  if (handlers.size === 0) throw new InvalidProjectionError(`projection "${spec.name}" has no handler`);
  return { name: spec.name, topics: [...new Set(spec.topics)].sort(), handlers };
}
