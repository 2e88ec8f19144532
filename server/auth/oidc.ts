import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import type { Role } from '@/server/access/roles';

/** The one OpenID Connect provider the console can sign in with, from EVENTLENS_OIDC_*. */
export interface OidcConfig {
  /** The issuer URL; its discovery document is `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button label: "Sign in with <name>". */
  name: string;
  /** The role of a user the provider signs in for the first time (never admin: admins promote). */
  defaultRole: Exclude<Role, 'admin'>;
}

/** better-auth's provider id; the callback to register is `<public url>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = 'oidc';

export const oidcDiscoveryUrl = (issuer: string): string =>
  `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;

export const oidcCallbackPath = `/api/auth/callback/${OIDC_PROVIDER_ID}`;

/**
 * better-auth's generic OAuth plugin for one OIDC provider. Endpoints and keys come from discovery;
 * `requireIdTokenVerification` refuses to run without the issuer's JWKS, so every id_token is checked
 * for signature, issuer, audience and the nonce better-auth sent (bound to the state it keeps in the
 * store). PKCE (S256) is on. The provider cannot set a role: `role` is not a user input field, so a
 * new user gets the column default (createAuth sets it to `defaultRole`).
 */
export function oidcPlugin(config: OidcConfig) {
  return genericOAuth({
    config: [
      {
        providerId: OIDC_PROVIDER_ID,
        name: config.name,
        discoveryUrl: oidcDiscoveryUrl(config.issuer),
        requireIdTokenVerification: true,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        scopes: ['openid', 'email', 'profile'],
        pkce: true,
      },
    ],
  });
}
