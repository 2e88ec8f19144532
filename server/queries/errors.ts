/** Errors the read models throw; server/http maps each `code` to a status once. */
import { CURSOR_MESSAGE } from '@/server/contracts/cursor';

export class EventNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(id: string, source?: string) {
    super(
      `no recorded event with id ${JSON.stringify(id)}${source ? ` from source ${JSON.stringify(source)}` : ''}`,
    );
    this.name = 'EventNotFoundError';
  }
}

/** The id exists under several sources (ids are unique per source only); `?source=` picks one. */
export class AmbiguousEventError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    id: string,
    readonly sources: readonly string[],
  ) {
    super(
      `event id ${JSON.stringify(id)} exists under ${sources.length} sources (${sources.join(', ')}); add ?source= to pick one`,
    );
    this.name = 'AmbiguousEventError';
  }
}

/** The event exists but the part asked for is empty (an event without data, an SDK event's raw fields). */
export class NoPayloadError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(id: string, part: string) {
    super(`event ${JSON.stringify(id)} has no ${part === 'data' ? 'data' : 'raw fields'}`);
    this.name = 'NoPayloadError';
  }
}

/** A cursor that this API did not issue (or issued for another list): a 400 naming the parameter. */
export class InvalidCursorError extends Error {
  readonly code = 'BAD_REQUEST';
  constructor() {
    super(`query.cursor: ${CURSOR_MESSAGE}`);
    this.name = 'InvalidCursorError';
  }
}

export class DeadLetterNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(id: string) {
    super(`no recorded dead letter with id ${JSON.stringify(id)}`);
    this.name = 'DeadLetterNotFoundError';
  }
}

export class TraceNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(correlationId: string) {
    super(`no recorded event has correlation id ${JSON.stringify(correlationId)}`);
    this.name = 'TraceNotFoundError';
  }
}

/** Two traces that cannot be compared hop by hop (their roots differ). */
export class TraceCompareError extends Error {
  readonly code = 'BAD_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'TraceCompareError';
  }
}

export class SagaNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(sagaId: string) {
    super(`no recorded saga instance with id ${JSON.stringify(sagaId)}`);
    this.name = 'SagaNotFoundError';
  }
}

/** No running stream processor of kind count or absence has this name. */
export class RuleNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(name: string) {
    super(`no running rule named ${JSON.stringify(name)}`);
    this.name = 'RuleNotFoundError';
  }
}
