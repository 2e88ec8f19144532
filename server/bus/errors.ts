import type { Redis } from 'ioredis';
import { redisCause } from './connection-cause';
/** Every error the bus throws has a stable `code`; edges map codes to statuses or exit codes once. */
export class BusError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Publish refused before XADD: the encoded event is larger than `maxPayloadBytes`. */
export class PayloadTooLargeError extends BusError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super('PAYLOAD_TOO_LARGE', `event is ${bytes} bytes; the limit is ${limit}`);
  }
}

/**
 * Publish refused before XADD: the event cannot be encoded as JSON (its data nests too deeply for the
 * encoder, holds a BigInt or a cycle, or a `toJSON` threw). `cause` is the encoder's own error.
 */
export class UnencodableEventError extends BusError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('UNENCODABLE_EVENT', `the event cannot be encoded as JSON: ${reason}`, options);
  }
}

/** Redis did not become reachable while the publish waited in the bounded offline queue. */
export class BusUnavailableError extends BusError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('BUS_UNAVAILABLE', `Redis is unreachable: ${reason}`, options);
  }
}

/** A Redis read named a key, stream or group that does not exist. */
export class BusKeyNotFoundError extends BusError {
  constructor(what: string, reason: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', `${what}: not found (${reason})`, options);
  }
}

/** A key EventLens reads holds another Redis type than it expects (WRONGTYPE): someone else wrote it. */
export class BusWrongTypeError extends BusError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      'WRONG_TYPE',
      `${what}: a key holds another Redis type than EventLens expects (WRONGTYPE); check what else writes under this prefix`,
      options,
    );
  }
}

export class InvalidTopicError extends BusError {
  constructor(topic: string) {
    super('INVALID_TOPIC', `invalid topic "${topic}": use letters, digits, '.', '_' or '-' (max 200)`);
  }
}

export class InvalidGroupError extends BusError {
  constructor(group: string) {
    super('INVALID_GROUP', `invalid consumer group "${group}": 1 to 200 characters, no control characters`);
  }
}

export class InvalidTargetError extends BusError {
  constructor(message: string) {
    super('INVALID_TARGET', message);
  }
}

export class InvalidEventError extends BusError {
  constructor(message: string) {
    super('INVALID_EVENT', message);
  }
}

/** Thrown by a handler (or the bus) when retrying cannot help: the entry goes to the dead letters at once. */
export class UnrecoverableError extends BusError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNRECOVERABLE', message, options);
  }
}

/** The event's data does not match the registered schema of its type and version. */
export class SchemaValidationError extends BusError {
  constructor(
    readonly eventType: string,
    readonly version: number,
    detail: string,
  ) {
    super('SCHEMA_INVALID', `${eventType} v${version}: ${detail}`);
  }
}

/** A stream entry that is not a decodable envelope: no `event` field, or not JSON (poison). */
export class DecodeError extends BusError {
  constructor(message: string) {
    super('UNDECODABLE', message);
  }
}

/** A stream entry whose JSON is not a valid envelope; `fields` names every missing or invalid attribute. */
export class InvalidEnvelopeError extends BusError {
  constructor(
    message: string,
    readonly fields: readonly string[],
  ) {
    super('INVALID_ENVELOPE', message);
  }
}

/**
 * Thrown by the idempotent consumer instead of running the handler again: `handled` when the event was
 * handled already (the entry is acked), else another delivery is handling it now (retried later).
 */
export class DuplicateDeliveryError extends BusError {
  constructor(
    readonly eventId: string,
    readonly source: string,
    readonly handled: boolean,
  ) {
    super(
      'DUPLICATE_DELIVERY',
      handled
        ? `event ${eventId} from ${source} was handled already`
        : `event ${eventId} from ${source} is being handled by another delivery`,
    );
  }
}

export class HandlerTimeoutError extends BusError {
  constructor(readonly timeoutMs: number) {
    super('HANDLER_TIMEOUT', `handler did not finish within ${timeoutMs} ms`);
  }
}

export class RequestTimeoutError extends BusError {
  constructor(
    readonly topic: string,
    readonly timeoutMs: number,
  ) {
    super('REQUEST_TIMEOUT', `no reply on "${topic}" within ${timeoutMs} ms`);
  }
}

export class DeadLetterNotFoundError extends BusError {
  constructor(id: string) {
    super('NOT_FOUND', `no dead letter ${id}`);
  }
}

/** ioredis' ways of saying the connection is gone (it has no error codes for most of them). */
const CONNECTION_LOST =
  /Connection is closed|Stream isn't writeable|Command timed out|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND/;

/** Whether an error says Redis could not be reached (rather than that it answered with an error). */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof BusUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  return error.name === 'MaxRetriesPerRequestError' || CONNECTION_LOST.test(error.message);
}

/**
 * The one mapping of client errors at the SDK's edge: a connection-class error becomes
 * BusUnavailableError (the client's error kept as `cause`, the message naming the socket's error of
 * `clients` when ioredis' own is generic); any other error is returned as it is.
 */
export function unavailableOr(error: unknown, ...clients: Redis[]): unknown {
  if (error instanceof BusUnavailableError || !isConnectionError(error)) return error;
  return new BusUnavailableError(redisCause(error, ...clients), { cause: error });
}
