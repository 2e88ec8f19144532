import type { Db } from '@/db/client';
import type { Principal } from '@/server/access/principal';
import { isRole } from '@/server/access/roles';
import type { Auth } from './better-auth';
import { verifyToken } from './verify-token';

/** Who sent these headers: a bearer token, else a session cookie, else (demo on loopback) the demo admin. */
export type Authenticate = (headers: Headers) => Promise<Principal | null>;

export interface AuthenticatorOptions {
  auth: Auth;
  db: Db;
  /** Demo mode on a loopback-only server: requests without credentials act as this principal. */
  demo?: Principal | null;
}

const BEARER = /^Bearer\s+(\S+)$/i;

export function createAuthenticator({ auth, db, demo = null }: AuthenticatorOptions): Authenticate {
  return async (headers) => {
    const authorization = headers.get('authorization');
    if (authorization) {
      // a malformed or wrong token is refused outright, never downgraded to the cookie or demo
      const match = BEARER.exec(authorization);
      return match?.[1] ? verifyToken(db, match[1]) : null;
    }
    if (headers.get('cookie')) {
      const session = await auth.api.getSession({ headers });
      const role: unknown = (session?.user as { role?: unknown } | undefined)?.role;
      if (session && isRole(role)) {
        return {
          kind: 'user',
          userId: session.user.id,
          name: session.user.email,
          role,
          sessionId: session.session.id,
        };
      }
    }
    return demo;
  };
}
