import type { Envelope, Sensitivity } from '@/server/contracts/envelope';
import { currentEvent } from './context';
import { InvalidEventError } from './errors';
import { newTraceparent, nowIso, uuidv7 } from './ids';

export interface PublishInput<T = unknown> {
  type: string;
  data?: T;
  subject?: string;
  /** Defaults to a fresh UUIDv7. Pass one to make a retried publish idempotent downstream. */
  id?: string;
  time?: Date | string;
  /** Defaults to the handled event's correlation id (or its id), else this event's id. */
  correlationId?: string;
  /** Defaults to the id of the event being handled. */
  causationId?: string;
  dataschema?: string;
  datacontenttype?: string;
  dataVersion?: number;
  sensitivity?: Sensitivity;
  tenantId?: string;
  traceparent?: string;
  replyTo?: string;
}

const TYPE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,254}$/;

/**
 * Builds the envelope. This is on the publish hot path: no schema library, one UUID, one clock read.
 * Inside a handler the new event joins the handled event's correlation and trace, caused by it.
 */
export function buildEnvelope(source: string, input: PublishInput, sequence: string | undefined): Envelope {
  if (typeof input.type !== 'string' || !TYPE.test(input.type)) {
    throw new InvalidEventError(`invalid event type ${JSON.stringify(input.type)}`);
  }
  const parent = currentEvent();
  const id = input.id ?? uuidv7();
  const envelope: Envelope = {
    specversion: '1.0',
    id,
    source,
    type: input.type,
    time: input.time === undefined ? nowIso() : new Date(input.time).toISOString(),
    datacontenttype: input.datacontenttype ?? 'application/json',
    correlationid: input.correlationId ?? parent?.correlationid ?? parent?.id ?? id,
    traceparent: input.traceparent ?? childTraceparent(parent?.traceparent),
  };
  // absent attributes are left out rather than set to undefined: smaller objects, less to skip in JSON
  const causation = input.causationId ?? parent?.id;
  if (causation !== undefined) envelope.causationid = causation;
  if (input.subject !== undefined) envelope.subject = input.subject;
  if (input.dataschema !== undefined) envelope.dataschema = input.dataschema;
  if (sequence !== undefined) envelope.sequence = sequence;
  if (input.dataVersion !== undefined) envelope.dataversion = input.dataVersion;
  if (input.sensitivity !== undefined) envelope.sensitivity = input.sensitivity;
  const tenant = input.tenantId ?? parent?.tenantid;
  if (tenant !== undefined) envelope.tenantid = tenant;
  if (input.replyTo !== undefined) envelope.replyto = input.replyTo;
  if (input.data !== undefined) envelope.data = input.data;
  return envelope;
}

/** Same trace as the parent with a new span, or a new sampled trace. */
export function childTraceparent(parent: string | undefined): string {
  return newTraceparent(parent);
}

/** CloudEvents' sequence extension is a lexicographically orderable string: zero-padded decimal. */
export function formatSequence(n: number): string {
  return String(n).padStart(16, '0');
}
