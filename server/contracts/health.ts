import { z } from 'zod';

export const HealthStatus = z.enum(['healthy', 'degraded', 'unhealthy']);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const StoreKind = z.enum(['postgres', 'pglite']);
export type StoreKind = z.infer<typeof StoreKind>;

export const Health = z.object({
  status: HealthStatus,
  redis: z.object({
    ok: z.boolean(),
    latencyMs: z.number().nullable(),
    version: z.string().nullable(),
    /** The real cause when it is unreachable (the socket's error, not the client library's). */
    error: z.string().optional(),
    /** Where EventLens connects (password hidden) and what to check when it does not answer. */
    target: z.string().optional(),
    check: z.string().optional(),
  }),
  store: z.object({
    ok: z.boolean(),
    kind: StoreKind,
    latencyMs: z.number().nullable(),
    error: z.string().optional(),
    target: z.string().optional(),
    check: z.string().optional(),
  }),
  /** The recorder running in this process, or null when it runs elsewhere (`npm run recorder`). */
  recorder: z
    .object({
      state: z.enum(['starting', 'running', 'degraded', 'stopping', 'stopped']),
      lagMs: z.number(),
      eventsPerSec: z.number(),
      lastCommitAt: z.string().nullable(),
      /** How the recorder finds new streams: Redis' key events (and who enabled them) or its SCAN alone. */
      discovery: z
        .object({
          mode: z.enum(['managed', 'server', 'scan']),
          scanEveryMs: z.number(),
          reason: z.string(),
        })
        .optional(),
      /** Why it is not running (still starting, or degraded), in one line; null when it runs. */
      reason: z.string().nullable().optional(),
    })
    .nullable(),
  uptimeS: z.number(),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof Health>;
