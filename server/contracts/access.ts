import { z } from 'zod';

export const ROLES = ['viewer', 'analyst', 'operator', 'admin'] as const;
export const Role = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });
export type Role = z.infer<typeof Role>;

/** Who the console is signed in as (`GET /api/me`). */
export const Me = z.object({
  kind: z.enum(['user', 'token', 'demo']),
  userId: z.string(),
  name: z.string(),
  role: Role,
  /** Demo mode signed this browser in because the server listens on loopback only. */
  demo: z.boolean(),
});
export type Me = z.infer<typeof Me>;
