import type { Role } from './roles';

/**
 * Who is asking. Built only by the request context (route() and the socket middleware) from a session
 * cookie, an API token, or demo mode on loopback; everything downstream takes it as given.
 */
export interface Principal {
  kind: 'user' | 'token' | 'demo';
  /** The user's id (a token acts for its owner). */
  userId: string;
  /** Shown in the audit log and the UI: the email, or the token's name and owner. */
  name: string;
  role: Role;
  /** The session a cookie belongs to, for revoking it and cutting its sockets. */
  sessionId?: string;
  tokenId?: string;
}
