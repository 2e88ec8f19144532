import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '@/db/client';
import { accounts, sessions, users, verifications } from '@/db/schema';
import { oidcPlugin, type OidcConfig } from './oidc';

export interface AuthOptions {
  db: Db;
  /** Signs cookies and tokens: EVENTLENS_AUTH_SECRET, or one generated once and kept in the store. */
  secret: string;
  /** The console's own address, e.g. http://127.0.0.1:3000. */
  baseURL: string;
  /** Origins allowed to send mutating requests (the console's own, plus EVENTLENS_TRUSTED_ORIGINS). */
  trustedOrigins: string[];
  /** Whether cookies carry `Secure` (the console is served over https). */
  secureCookies: boolean;
  /** Sign-in with an OpenID Connect provider (EVENTLENS_OIDC_*), if configured. */
  oidc?: OidcConfig | undefined;
}

export const SESSION_COOKIE_PREFIX = 'eventlens';

/**
 * better-auth over the store: email + password sign-in (no self sign-up: admins create accounts),
 * sessions in the `sessions` table, http-only SameSite=Lax cookies. Its own rate limiter is off: the
 * console limits sign-in per IP and per account itself (server/auth/limits.ts), on Redis.
 */
export function createAuth(options: AuthOptions) {
  return betterAuth({
    appName: 'EventLens',
    baseURL: options.baseURL,
    basePath: '/api/auth',
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
    telemetry: { enabled: false },
    database: drizzleAdapter(options.db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    user: {
      // admins create accounts with an explicit role; the default only reaches users an OIDC provider
      // signs in for the first time. `input: false`: no request or provider profile can set it.
      additionalFields: {
        role: {
          type: 'string',
          required: false,
          input: false,
          defaultValue: options.oidc?.defaultRole ?? 'viewer',
        },
      },
    },
    plugins: options.oidc ? [oidcPlugin(options.oidc)] : [],
    // the provider's access and refresh tokens are kept (better-auth stores them per account) but
    // never used by the console: encrypted with the auth secret, so a store backup does not carry them
    account: { encryptOAuthTokens: true },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: SESSION_COOKIE_PREFIX,
      useSecureCookies: options.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
