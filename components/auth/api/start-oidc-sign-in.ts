import { z } from 'zod';

const SocialSignIn = z.object({ url: z.url() });

/**
 * Starts an OpenID Connect sign-in: better-auth keeps the state, nonce and PKCE verifier on the
 * server (bound to this browser by a cookie) and answers with the provider's authorization URL.
 * Errors come back to `errorCallbackURL` as `?error=<code>`.
 */
export async function startOidcSignIn(input: {
  providerId: string;
  callbackURL: string;
  errorCallbackURL: string;
}): Promise<string> {
  const response = await fetch('/api/auth/sign-in/social', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      provider: input.providerId,
      callbackURL: input.callbackURL,
      errorCallbackURL: input.errorCallbackURL,
    }),
  });
  const parsed = SocialSignIn.safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success)
    throw new Error(`the sign-in could not start (HTTP ${response.status})`);
  return parsed.data.url;
}
