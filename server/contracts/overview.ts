import { z } from 'zod';
import { LagModel } from './lag';

export const UnhealthyConsumer = z.object({
  topic: z.string().nullable(),
  group: z.string(),
  consumer: z.string(),
  service: z.string().nullable(),
  /**
   * silent: heartbeat older than PRESENCE_STALE_MS; breaker-open / breaker-half-open: its circuit
   * breaker stopped deliveries; idle-with-pending: holds pending entries but has not read for
   * `stuckAfterMs`.
   */
  reason: z.enum(['silent', 'breaker-open', 'breaker-half-open', 'idle-with-pending']),
  pending: z.number().int().nullable(),
  idleMs: z.number().nullable(),
  lastSeenAt: z.string().nullable(),
});
export type UnhealthyConsumer = z.infer<typeof UnhealthyConsumer>;

export const MAX_UNHEALTHY_LISTED = 50;

export const Overview = z.object({
  generatedAt: z.string(),
  windowSeconds: z.number(),
  /** Published per second over the last minute. */
  eventsPerSec: z.number(),
  /** Deliveries handled per second over the last minute, all groups together. */
  handledPerSec: z.number(),
  /** Failed handler attempts over all attempts, (failed + retried) / (handled + failed + retried), last minute; 0 when idle. */
  errorRate: z.number(),
  deadLetters: z.object({
    /** Recorded dead letters awaiting an operator. */
    pending: z.number().int(),
    /** Dead-lettered in the last minute. */
    lastMinute: z.number().int(),
    /** Entries in the dead-letter streams now; null when Redis could not be read. */
    inStreams: z.number().nullable(),
  }),
  /**
   * The group that fares worst by the lag model right now (not draining first, then the largest lag),
   * with its model as Streams and Flows show it; null when no group reports lag (or Redis is away).
   */
  worstLag: z
    .object({ topic: z.string(), group: z.string(), lag: z.number(), lagModel: LagModel })
    .nullable(),
  topics: z.number().int(),
  groups: z.number().int(),
  services: z.object({ total: z.number().int(), live: z.number().int() }),
  consumers: z.object({ total: z.number().int(), unhealthy: z.number().int() }),
  /** At most MAX_UNHEALTHY_LISTED. */
  unhealthyConsumers: z.array(UnhealthyConsumer),
  redis: z.object({ ok: z.boolean(), error: z.string().optional() }),
});
export type Overview = z.infer<typeof Overview>;
