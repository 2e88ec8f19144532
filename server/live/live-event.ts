import { decodeEntry, EVENT_FIELD } from '@/server/bus/codec';
import type { TailEntry } from '@/server/bus/tail';
import type { LiveEvent } from '@/server/contracts/live';

/** A read entry as the tails see it: the DTO sent to clients, and the text a `text` filter searches. */
export class LiveEntry {
  private lowered: string | null = null;

  constructor(
    readonly event: LiveEvent,
    private readonly raw: string,
  ) {}

  /** The encoded entry, lower-cased once, on first use. */
  get text(): string {
    return (this.lowered ??= this.raw.toLowerCase());
  }
}

/** Decodes an entry once for every tail that wants it; the data preview is cut to `previewChars`. */
export function toLiveEntry({ topic, entryId, fields }: TailEntry, previewChars: number): LiveEntry {
  const decoded = decodeEntry(fields);
  if (!decoded.ok) {
    const raw = JSON.stringify(decoded.fields);
    return new LiveEntry(
      {
        topic,
        entryId,
        time: timeOfEntryId(entryId),
        preview: cut(raw, previewChars),
        size: raw.length,
        foreign: cut(decoded.reason, 200),
      },
      raw,
    );
  }
  const e = decoded.envelope;
  const raw = decoded.fields[EVENT_FIELD] ?? '';
  const event: LiveEvent = {
    topic,
    entryId,
    time: e.time ?? timeOfEntryId(entryId),
    id: e.id,
    type: e.type,
    source: e.source,
    preview: previewOf(e.data, e.data_base64, previewChars),
    size: raw.length,
  };
  if (e.subject !== undefined) event.subject = e.subject;
  if (e.correlationid !== undefined) event.correlationId = e.correlationid;
  if (e.causationid !== undefined) event.causationId = e.causationid;
  return new LiveEntry(event, raw);
}

function previewOf(data: unknown, base64: string | undefined, max: number): string {
  if (data !== undefined) {
    try {
      return cut(JSON.stringify(data) ?? '', max);
    } catch {
      // the stack ran out (data nested thousands of levels): one entry must not stop the relay
      return '(data nested too deeply to preview)';
    }
  }
  return base64 === undefined ? '' : `(binary, ${base64.length} base64 characters)`;
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function timeOfEntryId(entryId: string): string {
  const ms = Number(entryId.slice(0, entryId.indexOf('-')));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : new Date(0).toISOString();
}
