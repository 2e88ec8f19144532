import { z } from 'zod';

/** A way to sign in besides email and password (`GET /api/auth-providers`). */
export const AuthProvider = z.object({
  /** better-auth's provider id: POST /api/auth/sign-in/social { provider: id } starts the flow. */
  id: z.string(),
  /** The button says "Sign in with <name>". */
  name: z.string(),
  kind: z.literal('oidc'),
});
export type AuthProvider = z.infer<typeof AuthProvider>;

export const AuthProviders = z.object({ providers: z.array(AuthProvider) });
export type AuthProviders = z.infer<typeof AuthProviders>;
