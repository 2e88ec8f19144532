import { z } from 'zod';
import { DEAD_LETTER_CATEGORIES } from './envelope';

/** A dead letter as the SDK stores it (one entry of a topic's dead-letter stream). */
export const DeadLetter = z.object({
  /** `<topic>/<dead-letter entry id>`: unique across topics. */
  id: z.string(),
  topic: z.string(),
  stream: z.string(),
  entryId: z.string(),
  group: z.string(),
  consumer: z.string(),
  attempts: z.number().int(),
  firstFailureAt: z.number(),
  lastFailureAt: z.number(),
  errorName: z.string(),
  errorMessage: z.string(),
  errorStack: z.string(),
  category: z.enum(DEAD_LETTER_CATEGORIES),
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  correlationId: z.string().nullable(),
  /** The original entry's fields, as written (foreign entries too). */
  raw: z.record(z.string(), z.string()),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
