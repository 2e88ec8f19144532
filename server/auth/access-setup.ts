import type { Db } from '@/db/client';
import { createAuth, type Auth } from './better-auth';
import type { OidcConfig } from './oidc';
import { authSecret } from './secret';

/** Whether a listen address is reachable from this machine only. */
export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

export interface AuthSetupOptions {
  db: Db;
  /** EVENTLENS_AUTH_SECRET, if set. */
  secret: string | undefined;
  /** The origin browsers use (EVENTLENS_PUBLIC_URL), else the listen address. */
  publicUrl: string;
  /** EVENTLENS_OIDC_*, if set. */
  oidc?: OidcConfig | undefined;
}

/** better-auth over the store, signing with the configured secret or the one kept in the store. */
export async function setUpAuth(options: AuthSetupOptions): Promise<Auth> {
  return createAuth({
    db: options.db,
    secret: await authSecret(options.db, options.secret),
    baseURL: options.publicUrl,
    trustedOrigins: [options.publicUrl],
    secureCookies: options.publicUrl.startsWith('https://'),
    oidc: options.oidc,
  });
}
