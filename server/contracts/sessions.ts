import { z } from 'zod';

/** One of the caller's sign-in sessions (`GET /api/sessions`); never its token. */
export const SessionInfo = z.object({
  id: z.string(),
  /** The browser's user agent when it signed in. */
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  createdAt: z.string(),
  /** When the session was last renewed: better-auth renews it at most once a day while in use. */
  lastActiveAt: z.string(),
  expiresAt: z.string(),
  /** The session this request was sent with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SessionList = z.object({ sessions: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;

export const RevokedSessions = z.object({ revoked: z.number().int().nonnegative() });
export type RevokedSessions = z.infer<typeof RevokedSessions>;
