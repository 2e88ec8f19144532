/**
 * Event stream entries -> events rows: SDK envelopes, foreign entries (configurable field names) and
 * undecodable entries on SDK topic streams (recorded with the reason, never dropped).
 */
import { serviceOf } from '@/server/contracts/service-name';
import { decodeEntry, EVENT_FIELD } from '@/server/bus';
import { fieldsBytes, fieldsToObject } from '@/server/bus/codec';
import {
  indexedNullable,
  indexedText,
  int32,
  isoFromMs,
  parseIsoTime,
  storableJson,
  storableNullable,
  storableText,
} from './storable';
import {
  entryMs,
  storableFields,
  UNKNOWN_TYPE,
  type EventRow,
  type FieldNames,
  type StreamRef,
} from './projection-rows';

export function projectEvent(
  stream: StreamRef,
  entryId: string,
  flat: readonly string[],
  fields: FieldNames,
  now: number,
): EventRow {
  const hasEvent = flat.length === 2 ? flat[0] === EVENT_FIELD : hasField(flat, EVENT_FIELD);
  if (!hasEvent) return foreignRow(stream, entryId, fieldsToObject(flat), fields, now);
  const decoded = decodeEntry(flat);
  if (decoded.ok) {
    const data = storableJson(decoded.envelope.data);
    if (data.ok) return sdkRow(stream, entryId, decoded.envelope, data.text, decoded.fields, now);
    const reason = `the event's data cannot be stored: ${data.reason}`;
    return undecodableRow(stream, entryId, flat, reason, fields, now);
  }
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
  dataJson: string | null,
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
    dataJson,
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
    dataJson: null,
    rawFields: storableFields(raw),
    foreign: true,
    decodeError: null,
    sizeBytes: fieldsBytes(raw),
    service: null,
  };
}

/** Recorded with its reason and raw fields; type and correlation salvaged when the JSON names them. */
export function undecodableRow(
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
    dataJson: null,
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

export { serviceOf };
