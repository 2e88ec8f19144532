import { z } from 'zod';
import { RecordedEnvelope } from './events';
import { MaskInfo } from './masking';
import {
  CriticalPath,
  TraceDeadLetter,
  TraceDelivery,
  TraceReplay,
  TraceSummary,
  TraceWarning,
} from './traces';

/**
 * A whole correlation trace as one JSON file (`GET /api/traces/{correlationId}/export`): the trace's
 * head as in traces.ts and every event with its whole envelope and deliveries, masked for the caller.
 */

/** Payloads larger than this are left out of a trace export (their size is said instead). */
export const TRACE_EXPORT_PAYLOAD_MAX_BYTES = 4 * 1024 * 1024;

/** One event of a trace export: its whole envelope, `data` masked for the caller, and its deliveries. */
export const TraceExportEvent = RecordedEnvelope.extend({
  decodeError: z.string().nullable(),
  sizeBytes: z.number().int(),
  /** Masked for the caller; null when the event has none or it was left out (see `omitted`). */
  data: z.unknown(),
  /** A foreign entry's fields as written, masked whole when any rule applies to the caller. */
  rawFields: z.unknown(),
  masked: MaskInfo.optional(),
  /** Set when a payload was larger than TRACE_EXPORT_PAYLOAD_MAX_BYTES and left out. */
  omitted: z
    .object({ part: z.enum(['data', 'rawFields']), sizeBytes: z.number().int() })
    .array()
    .optional(),
  deliveries: z.array(TraceDelivery),
});
export type TraceExportEvent = z.infer<typeof TraceExportEvent>;

/** `GET /api/traces/{correlationId}/export`: the whole trace (up to MAX_TRACE_EVENTS events) as one JSON file. */
export const TraceExport = z.object({
  exportedAt: z.string(),
  correlationId: z.string(),
  summary: TraceSummary,
  criticalPath: CriticalPath,
  deadLetters: z.array(TraceDeadLetter),
  replays: z.array(TraceReplay),
  warnings: z.array(TraceWarning),
  /** Oldest first. */
  events: z.array(TraceExportEvent),
});
export type TraceExport = z.infer<typeof TraceExport>;
