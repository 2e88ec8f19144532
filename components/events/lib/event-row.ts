/**
 * One row of either list: the live tail (`LiveEvent` from the socket) and the history search
 * (`EventListItem` from the API) show the same columns, so both are mapped to one model.
 */
import type { EventListItem } from '@/server/contracts/events';
import type { LiveEvent } from '@/server/contracts/live';

export interface EventRowModel {
  key: string;
  /** The envelope id; null for a live foreign entry (it gets an id only when recorded). */
  id: string | null;
  time: string;
  topic: string;
  /** Foreign entries have no type: the row says so. */
  type: string | null;
  source: string | null;
  correlationId: string | null;
  /** One line: whitespace runs collapsed. */
  preview: string;
  /** Why the entry is not an SDK envelope, or null. */
  foreign: string | null;
}

export function rowFromLive(event: LiveEvent, key: string): EventRowModel {
  return {
    key,
    id: event.id ?? null,
    time: event.time,
    topic: event.topic,
    type: event.type ?? null,
    source: event.source ?? null,
    correlationId: event.correlationId ?? null,
    preview: previewLine(event.preview, event.truncated),
    foreign: event.foreign ?? null,
  };
}

export function rowFromListItem(item: EventListItem): EventRowModel {
  return {
    key: `${item.source}\u0000${item.id}`,
    id: item.id,
    time: item.time,
    topic: item.topic,
    type: item.type || null,
    source: item.source,
    correlationId: item.correlationId,
    preview: previewLine(item.preview ?? '', item.previewTruncated),
    foreign: item.decodeFailed ? 'could not be decoded' : item.foreign ? 'foreign entry' : null,
  };
}

/** A preview on one line, with an ellipsis when the server cut it. */
function previewLine(text: string, truncated: boolean): string {
  return truncated ? `${oneLine(text)}…` : oneLine(text);
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The distinctive tail of an id: UUIDv7s of one second share their first 8 characters (the time), so
 * the end tells them apart. "01a203e2-29e5-7037-aef3-9588b4a61fee" → "…9588b4a61fee".
 */
export function shortId(id: string, keep = 12): string {
  return id.length <= keep + 1 ? id : `…${id.slice(-keep)}`;
}
