/** What the projection makes of stream entries: the rows, and the names it reads foreign fields by. */
import type { DeadLetterHistoryEntry } from '@/db/schema';
import type { DeadLetterCategory, DeliveryOutcome } from '@/server/contracts/envelope';
import { storableText } from './storable';

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
  /** The envelope's `data` as jsonb text (storable.ts decided it can be stored); null when absent. */
  dataJson: string | null;
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
  /** What groups the letter by cause (see fingerprint.ts). */
  fingerprint: string;
  pattern: string;
  frame: string;
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

/** Milliseconds of a stream entry id (`<ms>-<seq>`); `fallback` when it has none. */
export function entryMs(entryId: string, fallback: number): number {
  const ms = Number(entryId.slice(0, entryId.indexOf('-') >>> 0));
  return Number.isFinite(ms) && ms > 0 ? ms : fallback;
}

/** Fields as stored: keys and values cut to what the store accepts. */
export function storableFields(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw))
    out[storableText(key)] = storableText(typeof value === 'string' ? value : String(value));
  return out;
}
