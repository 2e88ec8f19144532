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
    error: z.string().optional(),
  }),
  store: z.object({
    ok: z.boolean(),
    kind: StoreKind,
    latencyMs: z.number().nullable(),
    error: z.string().optional(),
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
    })
    .nullable(),
  uptimeS: z.number(),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof Health>;
