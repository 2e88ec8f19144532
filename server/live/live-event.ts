import { decodeEntry, EVENT_FIELD, fieldsBytes } from '@/server/bus/codec';
import type { TailEntry } from '@/server/bus/tail';
import type { LiveEvent } from '@/server/contracts/live';
import { jsonHead } from './json-head';

/** A read entry as the tails see it: the DTO sent to clients, and the text a `text` filter searches. */
export class LiveEntry {
  private lowered: string | null = null;

  constructor(
    readonly event: LiveEvent,
    private readonly raw: string | (() => string),
  ) {}

  /** The encoded entry, lower-cased once, on first use. */
  get text(): string {
    return (this.lowered ??= (typeof this.raw === 'string' ? this.raw : this.raw()).toLowerCase());
  }
}

/**
 * Decodes an entry once for every tail that wants it. The data preview is cut to `previewBytes` (as
 * sent), the same cut as the REST API's; `sizeBytes` is the entry's size as the recorder stores it.
 */
export function toLiveEntry({ topic, entryId, fields }: TailEntry, previewBytes: number): LiveEntry {
  const decoded = decodeEntry(fields);
  if (!decoded.ok) {
    const preview = jsonHead(decoded.fields, previewBytes);
    return new LiveEntry(
      {
        topic,
        entryId,
        time: timeOfEntryId(entryId),
        preview: preview.text,
        truncated: preview.truncated,
        sizeBytes: fieldsBytes(decoded.fields),
        foreign: cut(decoded.reason, 200),
      },
      () => JSON.stringify(decoded.fields),
    );
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
  return new LiveEntry(event, raw);
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function timeOfEntryId(entryId: string): string {
  const ms = Number(entryId.slice(0, entryId.indexOf('-')));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : new Date(0).toISOString();
}
