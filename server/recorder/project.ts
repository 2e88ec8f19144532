/**
 * Stream entry -> rows. Pure: no I/O, no clock (the caller passes `now`), never throws. Every row it
 * returns is storable as is (see storable.ts), so one odd entry cannot fail its batch.
 *
 * - SDK entries (one field `event` holding a CloudEvents envelope) -> an events row keyed by the
 *   envelope's source + id + time.
 * - Foreign entries (any fields, no `event`) -> an events row with `foreign`, the raw fields, source =
 *   stream key, id = `<stream>/<entry id>`, time = the entry id's milliseconds, and type, correlation
 *   and causation read from configurable field names.
 * - Undecodable entries on SDK topic streams (`event` present but not an envelope) -> an events row
 *   with `decodeError` and the raw fields: recorded, never dropped.
 * - Telemetry entries -> deliveries rows; dead-letter entries -> dead_letters rows.
 */
import { decodeEntry, decodeTelemetryEntry, EVENT_FIELD } from '@/server/bus';
import { parseDeadLetter } from '@/server/bus/dead-letters';
import { fieldsToObject } from '@/server/bus/codec';
import type { DeadLetterHistoryEntry } from '@/db/schema';
import {
  DEAD_LETTER_CATEGORIES,
  type DeadLetterCategory,
  type DeliveryOutcome,
} from '@/server/contracts/envelope';
import {
  indexedNullable,
  indexedText,
  int32,
  isoFromMs,
  parseIsoTime,
  storableNullable,
  storableText,
} from './storable';

export type StreamKind = 'topic' | 'foreign' | 'dead-letters' | 'telemetry';

/** A stream the recorder reads, as the projection needs to know it. */
export interface StreamRef {
  key: string;
  kind: StreamKind;
  /** The SDK topic (topic and dead-letter streams), else the stream key. */
  topic: string;
}

/** Where foreign entries keep their type, correlation and causation; the first field present wins. */
export interface FieldNames {
  type: readonly string[];
  correlation: readonly string[];
  causation: readonly string[];
}

export const DEFAULT_FIELD_NAMES: FieldNames = {
  type: ['type'],
  correlation: ['correlationId', 'correlation_id', 'correlationid'],
  causation: ['causationId', 'causation_id', 'causationid'],
};

/** The type of a foreign or undecodable entry that names none. */
export const UNKNOWN_TYPE = 'unknown';

export interface EventRow {
  source: string;
  eventId: string;
  /** ISO-8601, as stored (microseconds kept when the envelope had them). */
  time: string;
  timeMs: number;
  topic: string;
  stream: string;
  entryId: string;
  /** The entry id's milliseconds: when the event reached the stream (rollup buckets use it). */
  publishedMs: number;
  type: string;
  subject: string | null;
  correlationId: string | null;
  causationId: string | null;
  traceparent: string | null;
  tenantId: string | null;
  dataVersion: number | null;
  sensitivity: string | null;
  /** The envelope's `data` (a JSON value); undefined when absent. */
  data: unknown;
  rawFields: Record<string, string> | null;
  foreign: boolean;
  decodeError: string | null;
  sizeBytes: number;
  /** The publishing service (the flow graph's node), for SDK events; null otherwise. */
  service: string | null;
}

export interface DeliveryRow {
  topic: string;
  entryId: string;
  group: string;
  consumer: string;
  service: string;
  eventId: string | null;
  type: string | null;
  correlationId: string | null;
  outcome: DeliveryOutcome;
  attempt: number;
  durationMs: number | null;
  category: string | null;
  error: string | null;
  atMs: number;
}

export interface DeadLetterRow {
  id: string;
  topic: string;
  group: string;
  consumer: string;
  entryId: string;
  eventId: string | null;
  eventType: string | null;
  correlationId: string | null;
  category: DeadLetterCategory;
  attempts: number;
  firstFailureMs: number;
  lastFailureMs: number;
  errorName: string;
  errorMessage: string;
  errorStack: string;
  raw: Record<string, string>;
  history: DeadLetterHistoryEntry[];
}

export type Projection =
  | { kind: 'event'; row: EventRow }
  | {
      kind: 'deliveries';
      rows: DeliveryRow[];
      /** Records the SDK dropped before writing (its buffer was full), as it reported. */
      dropped: number;
      /** The entry is not in a telemetry format this recorder reads. */
      unknownFormat: boolean;
    }
  | { kind: 'dead-letter'; row: DeadLetterRow };

/** The actor named in history entries the recorder writes. */
export const RECORDER_ACTOR = 'recorder';

/** Projects one entry; `flat` is the entry's fields as ioredis returns them ([k, v, k, v]). */
export function projectEntry(
  stream: StreamRef,
  entryId: string,
  flat: readonly string[],
  fields: FieldNames = DEFAULT_FIELD_NAMES,
  now = Date.now(),
): Projection {
  try {
    switch (stream.kind) {
      case 'telemetry':
        return projectTelemetry(entryId, flat, now);
      case 'dead-letters':
        return { kind: 'dead-letter', row: projectDeadLetter(stream.topic, entryId, flat, now) };
      default:
        return { kind: 'event', row: projectEvent(stream, entryId, flat, fields, now) };
    }
  } catch (error) {
    // not expected (the projection is total); if it happens the entry is still recorded, with the reason
    const reason = `projection failed: ${(error as Error).message}`;
    if (stream.kind === 'telemetry') return { kind: 'deliveries', rows: [], dropped: 0, unknownFormat: true };
    return { kind: 'event', row: undecodableRow(stream, entryId, flat, reason, fields, now) };
  }
}

/** Milliseconds of a stream entry id (`<ms>-<seq>`); `fallback` when it has none. */
export function entryMs(entryId: string, fallback: number): number {
  const ms = Number(entryId.slice(0, entryId.indexOf('-') >>> 0));
  return Number.isFinite(ms) && ms > 0 ? ms : fallback;
}

function projectEvent(
  stream: StreamRef,
  entryId: string,
  flat: readonly string[],
  fields: FieldNames,
  now: number,
): EventRow {
  const hasEvent = flat.length === 2 ? flat[0] === EVENT_FIELD : hasField(flat, EVENT_FIELD);
  if (!hasEvent) return foreignRow(stream, entryId, fieldsToObject(flat), fields, now);
  const decoded = decodeEntry(flat);
  if (decoded.ok) return sdkRow(stream, entryId, decoded.envelope, decoded.fields, now);
  // a foreign stream may use a field called `event` for its own purposes: still a foreign entry
  if (stream.kind === 'foreign') return foreignRow(stream, entryId, decoded.fields, fields, now);
  return undecodableRow(stream, entryId, flat, decoded.reason, fields, now);
}

function hasField(flat: readonly string[], name: string): boolean {
  for (let i = 0; i < flat.length; i += 2) if (flat[i] === name) return true;
  return false;
}

type DecodedEnvelope = Extract<ReturnType<typeof decodeEntry>, { ok: true }>['envelope'];

function sdkRow(
  stream: StreamRef,
  entryId: string,
  envelope: DecodedEnvelope,
  entryFields: Record<string, string>,
  now: number,
): EventRow {
  const publishedMs = entryMs(entryId, now);
  const time = parseIsoTime(envelope.time) ?? { iso: isoFromMs(publishedMs)!, ms: publishedMs };
  const event = entryFields[EVENT_FIELD] ?? '';
  const source = indexedText(envelope.source);
  return {
    source,
    eventId: indexedText(envelope.id),
    time: time.iso,
    timeMs: time.ms,
    topic: indexedText(stream.topic),
    stream: storableText(stream.key),
    entryId,
    publishedMs,
    type: indexedText(envelope.type),
    subject: storableNullable(envelope.subject),
    correlationId: indexedNullable(envelope.correlationid),
    causationId: indexedNullable(envelope.causationid),
    traceparent: storableNullable(envelope.traceparent),
    tenantId: storableNullable(envelope.tenantid),
    dataVersion: int32(envelope.dataversion),
    sensitivity: storableNullable(envelope.sensitivity),
    data: envelope.data,
    // binary payloads (data_base64) and extra fields are kept as written
    rawFields:
      envelope.data_base64 !== undefined || Object.keys(entryFields).length > 1
        ? storableFields(entryFields)
        : null,
    foreign: false,
    decodeError: null,
    sizeBytes: Buffer.byteLength(event),
    service: serviceOf(source),
  };
}

function foreignRow(
  stream: StreamRef,
  entryId: string,
  raw: Record<string, string>,
  names: FieldNames,
  now: number,
): EventRow {
  const publishedMs = entryMs(entryId, now);
  return {
    ...entryIdentity(stream, entryId, publishedMs),
    type: indexedText(firstField(raw, names.type) ?? UNKNOWN_TYPE),
    subject: null,
    correlationId: indexedNullable(firstField(raw, names.correlation)),
    causationId: indexedNullable(firstField(raw, names.causation)),
    traceparent: null,
    tenantId: null,
    dataVersion: null,
    sensitivity: null,
    data: undefined,
    rawFields: storableFields(raw),
    foreign: true,
    decodeError: null,
    sizeBytes: fieldsBytes(raw),
    service: null,
  };
}

/** Recorded with its reason and raw fields; type and correlation salvaged when the JSON names them. */
function undecodableRow(
  stream: StreamRef,
  entryId: string,
  flat: readonly string[],
  reason: string,
  names: FieldNames,
  now: number,
): EventRow {
  const raw = fieldsToObject(flat);
  const salvaged = salvage(raw[EVENT_FIELD]);
  const publishedMs = entryMs(entryId, now);
  return {
    ...entryIdentity(stream, entryId, publishedMs),
    type: indexedText(salvaged.type ?? firstField(raw, names.type) ?? UNKNOWN_TYPE),
    subject: null,
    correlationId: indexedNullable(salvaged.correlationid ?? firstField(raw, names.correlation)),
    causationId: indexedNullable(salvaged.causationid ?? firstField(raw, names.causation)),
    traceparent: null,
    tenantId: null,
    dataVersion: null,
    sensitivity: null,
    data: undefined,
    rawFields: storableFields(raw),
    foreign: false,
    decodeError: storableText(reason),
    sizeBytes: fieldsBytes(raw),
    service: null,
  };
}

/** Identity of an entry without an envelope: source = stream key, id = `<stream>/<entry id>`. */
function entryIdentity(stream: StreamRef, entryId: string, publishedMs: number) {
  return {
    source: indexedText(stream.key),
    eventId: indexedText(`${stream.key}/${entryId}`),
    time: isoFromMs(publishedMs)!,
    timeMs: publishedMs,
    topic: indexedText(stream.topic),
    stream: storableText(stream.key),
    entryId,
    publishedMs,
  };
}

function salvage(
  json: string | undefined,
): Partial<Record<'type' | 'correlationid' | 'causationid', string>> {
  if (json === undefined || !json.startsWith('{')) return {};
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    const text = (key: string): string | undefined =>
      typeof value[key] === 'string' && value[key] !== '' ? value[key] : undefined;
    return { type: text('type'), correlationid: text('correlationid'), causationid: text('causationid') };
  } catch {
    return {};
  }
}

function firstField(raw: Record<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = raw[name];
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

function storableFields(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw))
    out[storableText(key)] = storableText(typeof value === 'string' ? value : String(value));
  return out;
}

function fieldsBytes(raw: Record<string, string>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(raw)) bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  return bytes;
}

/** The service behind a CloudEvents source: `/services/<name>` (the SDK's default) -> name, else the source. */
export function serviceOf(source: string): string {
  const match = /^\/services\/([^/]+)$/.exec(source);
  return match ? match[1]! : source;
}

function projectTelemetry(entryId: string, flat: readonly string[], now: number): Projection {
  const { records, dropped, known } = decodeTelemetryEntry(flat);
  if (!known) return { kind: 'deliveries', rows: [], dropped: 0, unknownFormat: true };
  const fallbackMs = entryMs(entryId, now);
  const rows: DeliveryRow[] = records.map((r) => ({
    topic: indexedText(r.topic),
    entryId: indexedText(r.entryId),
    group: indexedText(r.group),
    consumer: indexedText(r.consumer),
    service: storableText(r.service),
    eventId: indexedNullable(r.eventId),
    type: storableNullable(r.type),
    correlationId: storableNullable(r.correlationId),
    outcome: r.outcome,
    attempt: int32(r.attempt) ?? 1,
    durationMs:
      r.durationMs !== null && Number.isFinite(r.durationMs) && r.durationMs >= 0 ? r.durationMs : null,
    category: storableNullable(r.category),
    error: storableNullable(r.error),
    atMs: isoFromMs(r.at) === null || r.at === 0 ? fallbackMs : r.at,
  }));
  return {
    kind: 'deliveries',
    rows,
    dropped: Number.isFinite(dropped) && dropped > 0 ? dropped : 0,
    unknownFormat: false,
  };
}

function projectDeadLetter(
  topic: string,
  entryId: string,
  flat: readonly string[],
  now: number,
): DeadLetterRow {
  const history: DeadLetterHistoryEntry[] = [
    { at: new Date(now).toISOString(), action: 'recorded', actor: RECORDER_ACTOR },
  ];
  const recordedMs = entryMs(entryId, now);
  const letter = parseDeadLetter(topic, entryId, flat);
  if (letter) {
    return {
      id: indexedText(letter.id),
      topic: storableText(topic),
      group: storableText(letter.group),
      consumer: storableText(letter.consumer),
      entryId: storableText(letter.entryId),
      eventId: storableNullable(letter.eventId),
      eventType: storableNullable(letter.eventType),
      correlationId: indexedNullable(letter.correlationId),
      category: letter.category,
      attempts: int32(letter.attempts) ?? 0,
      firstFailureMs: validMs(letter.firstFailureAt, recordedMs),
      lastFailureMs: validMs(letter.lastFailureAt, recordedMs),
      errorName: storableText(letter.errorName),
      errorMessage: storableText(letter.errorMessage),
      errorStack: storableText(letter.errorStack),
      raw: storableFields(letter.raw),
      history,
    };
  }
  // hand-written junk on a dead-letter stream: kept with what it says, never dropped
  const f = fieldsToObject(flat);
  const category = (DEAD_LETTER_CATEGORIES as readonly string[]).includes(f.category ?? '')
    ? (f.category as DeadLetterCategory)
    : 'poison';
  return {
    id: indexedText(`${topic}/${entryId}`),
    topic: storableText(topic),
    group: storableText(f.group ?? ''),
    consumer: storableText(f.consumer ?? ''),
    entryId: storableText(f.entryId ?? entryId),
    eventId: storableNullable(f.eventId || null),
    eventType: storableNullable(f.eventType || null),
    correlationId: indexedNullable(f.correlationId || null),
    category,
    attempts: int32(Number(f.attempts)) ?? 0,
    firstFailureMs: validMs(Number(f.firstFailureAt), recordedMs),
    lastFailureMs: validMs(Number(f.lastFailureAt), recordedMs),
    errorName: storableText(f.errorName || 'UnreadableDeadLetter'),
    errorMessage: storableText(f.errorMessage || 'the dead-letter entry is not in the SDK format'),
    errorStack: storableText(f.errorStack ?? ''),
    raw: storableFields(f),
    history,
  };
}

function validMs(ms: number, fallback: number): number {
  return ms > 0 && isoFromMs(ms) !== null ? ms : fallback;
}
