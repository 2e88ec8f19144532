import type { Db } from '@/db/client';
import type { Principal } from './access/principal';
import { isLoopback, setUpAuth } from './auth/access-setup';
import { createAuthenticator, type Authenticate } from './auth/authenticate';
import type { Auth } from './auth/better-auth';
import { oidcSettings, type Env } from './env';
import type { Logger } from './log';
import { recordAudit } from './services/audit';
import { issueSetupToken } from './services/setup';
import { demoPrincipal, ensureFirstAdmin } from './services/users';

export interface AppAccess {
  auth: Auth;
  authenticate: Authenticate;
  /** The one-time link that creates the first admin, when nobody could sign in otherwise. */
  setup: { token: string; expiresAt: Date } | null;
}

/** Who may sign in: better-auth over the store, the first admin, demo mode's admin and the authenticator. */
export async function setUpAccess(env: Env, db: Db, log: Logger): Promise<AppAccess> {
  // the origin browsers use: cookies and same-origin checks are bound to it. Port 0 (tests) is not
  // known until the server listens, so better-auth learns the real one from each request's Host then.
  const publicUrl =
    env.EVENTLENS_PUBLIC_URL ?? `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;
  const demoMayActAsAdmin = env.EVENTLENS_DEMO && isLoopback(env.HOST);
  const auth = await setUpAuth({
    db,
    secret: env.EVENTLENS_AUTH_SECRET,
    publicUrl,
    audit: (entry) => recordAudit(db, entry),
    oidc: oidcSettings(env),
  });
  const firstAdmin = await ensureFirstAdmin(
    { db, auth },
    { email: env.EVENTLENS_ADMIN_EMAIL, password: env.EVENTLENS_ADMIN_PASSWORD },
  );
  if (firstAdmin.kind === 'created') log.info({ email: firstAdmin.email }, 'first admin created');
  const demoAdmin: Principal | null = demoMayActAsAdmin ? await demoPrincipal({ db, auth }) : null;
  const authenticate = createAuthenticator({ auth, db, demo: demoAdmin });
  // no user, no EVENTLENS_ADMIN_*, no demo: a one-time link (logged once listening) creates the first admin
  const setup = firstAdmin.kind === 'setup-needed' && !demoAdmin ? await issueSetupToken(db) : null;
  return { auth, authenticate, setup };
}

/** Logs the first-admin link once the server's address is known. */
export function announceSetup(access: AppAccess, env: Env, url: string, log: Logger): void {
  if (!access.setup) return;
  const link = new URL('/setup', env.EVENTLENS_PUBLIC_URL ?? url);
  link.searchParams.set('token', access.setup.token);
  log.warn(
    { expiresAt: access.setup.expiresAt.toISOString() },
    `no user exists yet: create the first admin at ${link.href} (one use, 24 h; or set EVENTLENS_ADMIN_EMAIL and EVENTLENS_ADMIN_PASSWORD and restart)`,
  );
}
