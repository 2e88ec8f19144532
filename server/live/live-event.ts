import { decodeEntry, EVENT_FIELD, fieldsBytes } from '@/server/bus/codec';
import type { TailEntry } from '@/server/bus/tail';
import type { LiveEvent } from '@/server/contracts/live';
import { jsonHead } from './json-head';

/**
 * A read entry as the tails see it: its topic and id at once, the DTO sent to clients and the text a
 * `text` filter searches only on first use. At thousands of entries a second the relay hands every one
 * to the tails, while a client gets a sample of a couple of hundred: decoding only what a filter reads
 * or what is sent keeps the relay's work proportional to what leaves it.
 */
export class LiveEntry {
  private decoded: LiveEvent | null = null;
  private lowered: string | null = null;

  constructor(
    private readonly entry: TailEntry,
    private readonly previewBytes: number,
  ) {}

  get topic(): string {
    return this.entry.topic;
  }

  get entryId(): string {
    return this.entry.entryId;
  }

  /** Whether the entry has been decoded (for tests of the laziness). */
  get isDecoded(): boolean {
    return this.decoded !== null;
  }

  get event(): LiveEvent {
    return (this.decoded ??= toLiveEvent(this.entry, this.previewBytes));
  }

  /** The encoded entry, lower-cased once, on first use. */
  get text(): string {
    return (this.lowered ??= rawText(this.entry.fields).toLowerCase());
  }
}

export function toLiveEntry(entry: TailEntry, previewBytes: number): LiveEntry {
  return new LiveEntry(entry, previewBytes);
}

/** The encoded event as written, or every field of a foreign entry as JSON. */
function rawText(fields: TailEntry['fields']): string {
  const decoded = decodeEntry(fields);
  return decoded.ok ? (decoded.fields[EVENT_FIELD] ?? '') : JSON.stringify(decoded.fields);
}

/**
 * The DTO of an entry. The data preview is cut to `previewBytes` (as sent), the same cut as the REST
 * API's; `sizeBytes` is the entry's size as the recorder stores it.
 */
function toLiveEvent({ topic, entryId, fields }: TailEntry, previewBytes: number): LiveEvent {
  const decoded = decodeEntry(fields);
  if (!decoded.ok) {
    const preview = jsonHead(decoded.fields, previewBytes);
    return {
      topic,
      entryId,
      time: timeOfEntryId(entryId),
      preview: preview.text,
      truncated: preview.truncated,
      sizeBytes: fieldsBytes(decoded.fields),
      foreign: cut(decoded.reason, 200),
    };
  }
  const e = decoded.envelope;
  const raw = decoded.fields[EVENT_FIELD] ?? '';
  const preview =
    e.data !== undefined
      ? jsonHead(e.data, previewBytes)
      : {
          text: e.data_base64 === undefined ? '' : `(binary, ${e.data_base64.length} base64 characters)`,
          truncated: false,
        };
  const event: LiveEvent = {
    topic,
    entryId,
    time: e.time ?? timeOfEntryId(entryId),
    id: e.id,
    type: e.type,
    source: e.source,
    preview: preview.text,
    truncated: preview.truncated,
    sizeBytes: Buffer.byteLength(raw),
  };
  if (e.subject !== undefined) event.subject = e.subject;
  if (e.correlationid !== undefined) event.correlationId = e.correlationid;
  if (e.causationid !== undefined) event.causationId = e.causationid;
  if (e.sensitivity !== undefined) event.sensitivity = e.sensitivity;
  return event;
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function timeOfEntryId(entryId: string): string {
  const ms = Number(entryId.slice(0, entryId.indexOf('-')));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : new Date(0).toISOString();
}
