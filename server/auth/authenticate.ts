import { LRUCache } from 'lru-cache';
import type { Db } from '@/db/client';
import type { Principal } from '@/server/access/principal';
import { isRole } from '@/server/access/roles';
import type { Auth } from './better-auth';
import { verifyToken } from './verify-token';

/** Who sent these headers: a bearer token, else a session cookie, else (demo on loopback) the demo admin. */
export type Authenticate = ((headers: Headers) => Promise<Principal | null>) & {
  /**
   * Ends what this process trusts of a session, a token or a user at once, not when the cache
   * expires: called after a sign-out, a revocation or a user's deletion. Other processes still wait
   * out their cache.
   */
  forget(ended: Ended): void;
  /** Asks the store again for this user's next request: their role changed. */
  refresh(user: { userId: string }): void;
};

/** What ended: one session, one API token, or a user with every session and token. */
export type Ended = { sessionId: string } | { tokenId: string } | { userId: string };

export interface AuthenticatorOptions {
  auth: Auth;
  db: Db;
  /** Demo mode on a loopback-only server: requests without credentials act as this principal. */
  demo?: Principal | null;
  /**
   * How long a verified token or session is trusted without asking the store again: bounds how late a
   * revocation or a lowered role takes effect, and spares every API call a round trip.
   */
  cacheMs?: number;
}

const BEARER = /^Bearer\s+(\S+)$/i;
const DEFAULT_CACHE_MS = 2_000;

/** A cache entry: lru-cache cannot hold null, and "not signed in" is worth caching too. */
type Verdict = { principal: Principal | null };

export function createAuthenticator({
  auth,
  db,
  demo = null,
  cacheMs = DEFAULT_CACHE_MS,
}: AuthenticatorOptions): Authenticate {
  // fetch() coalesces concurrent lookups of one key: a burst of calls costs one query. While the
  // store cannot be asked, the last verdict stands (nobody can revoke anything meanwhile either), so a
  // signed-in console keeps showing why the store is down instead of signing everyone out.
  const whileStoreIsDown = { allowStaleOnFetchRejection: true, noDeleteOnFetchRejection: true } as const;
  const tokens = new LRUCache<string, Verdict>({
    max: 10_000,
    ttl: cacheMs,
    ...whileStoreIsDown,
    fetchMethod: async (secret) => ({ principal: await verifyToken(db, secret) }),
  });
  const sessions = new LRUCache<string, Verdict, Headers>({
    max: 10_000,
    ttl: cacheMs,
    ...whileStoreIsDown,
    fetchMethod: async (_cookie, _stale, { context }) => ({
      principal: await sessionPrincipal(auth, context),
    }),
  });
  // a lookup that began before the end and answers after it would cache the old verdict again: the
  // ended ids are kept as long as such a verdict could live, and any verdict naming one is refused
  const ended = new LRUCache<string, true>({ max: 10_000, ttl: 2 * cacheMs });
  const endedKey = (e: Ended): string =>
    'sessionId' in e ? `session:${e.sessionId}` : 'tokenId' in e ? `token:${e.tokenId}` : `user:${e.userId}`;
  const stillValid = (principal: Principal | null | undefined): Principal | null => {
    if (!principal) return null;
    if (ended.has(`user:${principal.userId}`)) return null;
    if (principal.sessionId && ended.has(`session:${principal.sessionId}`)) return null;
    if (principal.tokenId && ended.has(`token:${principal.tokenId}`)) return null;
    return principal;
  };
  const forget = (e: Ended): void => {
    ended.set(endedKey(e), true);
    const stale = (cache: { entries(): Iterable<[string, Verdict]> }): string[] =>
      [...cache.entries()].flatMap(([key, v]) => (v.principal && !stillValid(v.principal) ? [key] : []));
    for (const key of stale(tokens)) tokens.delete(key);
    for (const key of stale(sessions)) sessions.delete(key);
  };
  const refresh = ({ userId }: { userId: string }): void => {
    for (const cache of [tokens, sessions] as const) {
      for (const [key, verdict] of [...cache.entries()]) {
        if (verdict.principal?.userId === userId) cache.delete(key);
      }
    }
  };
  const authenticate = async (headers: Headers): Promise<Principal | null> => {
    const authorization = headers.get('authorization');
    if (authorization) {
      // a malformed or wrong token is refused outright, never downgraded to the cookie or demo
      const secret = BEARER.exec(authorization)?.[1];
      return secret ? stillValid((await tokens.fetch(secret))?.principal) : null;
    }
    const cookie = headers.get('cookie');
    if (cookie) {
      const principal = stillValid((await sessions.fetch(cookie, { context: headers }))?.principal);
      if (principal) return principal;
    }
    return demo;
  };
  return Object.assign(authenticate, { forget, refresh });
}

async function sessionPrincipal(auth: Auth, headers: Headers): Promise<Principal | null> {
  const session = await auth.api.getSession({ headers });
  const role: unknown = (session?.user as { role?: unknown } | undefined)?.role;
  if (!session || !isRole(role)) return null;
  return {
    kind: 'user',
    userId: session.user.id,
    name: session.user.email,
    role,
    sessionId: session.session.id,
  };
}
