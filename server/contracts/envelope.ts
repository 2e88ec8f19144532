import { z } from 'zod';

export const SENSITIVITIES = ['public', 'internal', 'confidential'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** W3C trace context: version-traceid-parentid-flags. */
export const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * A CloudEvents 1.0 event in structured mode, as the SDK writes it into the stream field `event`.
 * Extensions are lower-case alphanumerics (CloudEvents naming rule); unknown extensions are kept.
 */
export const Envelope = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  time: z.string().min(1).optional(),
  subject: z.string().min(1).optional(),
  datacontenttype: z.string().min(1).optional(),
  dataschema: z.string().min(1).optional(),
  data: z.unknown().optional(),
  data_base64: z.string().optional(),
  correlationid: z.string().min(1).optional(),
  causationid: z.string().min(1).optional(),
  sequence: z.string().min(1).optional(),
  traceparent: z.string().regex(TRACEPARENT).optional(),
  dataversion: z.number().int().positive().optional(),
  sensitivity: z.enum(SENSITIVITIES).optional(),
  tenantid: z.string().min(1).optional(),
  /** Set on request events: the inbox the reply goes to. */
  replyto: z.string().min(1).optional(),
});
export type Envelope = z.infer<typeof Envelope>;

export const DEAD_LETTER_CATEGORIES = [
  'transient',
  'poison',
  'invalid-schema',
  'timeout',
  'trimmed',
] as const;
export type DeadLetterCategory = (typeof DEAD_LETTER_CATEGORIES)[number];

/**
 * `duplicate`: the idempotent consumer saw the event handled (or being handled) already; neither a
 * success nor a failure, so error rates and throughput leave it out.
 */
export const DELIVERY_OUTCOMES = [
  'handled',
  'failed',
  'retried',
  'dead-lettered',
  'ack-refused',
  'duplicate',
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One delivery outcome, as the SDK reports it on the telemetry stream. */
export const DeliveryRecord = z.object({
  outcome: z.enum(DELIVERY_OUTCOMES),
  topic: z.string(),
  group: z.string(),
  consumer: z.string(),
  service: z.string(),
  entryId: z.string(),
  eventId: z.string().nullable(),
  type: z.string().nullable(),
  correlationId: z.string().nullable(),
  attempt: z.number().int(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  category: z.enum(DEAD_LETTER_CATEGORIES).nullable(),
  at: z.number(),
});
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;
