import type { Auth } from '@/server/auth/better-auth';
import type { AuthProvider } from '@/server/contracts/auth-providers';

/**
 * The OpenID Connect providers better-auth was configured with, read back from its own options so
 * the list cannot drift from what `/api/auth/sign-in/social` accepts. Listed even while discovery is
 * failing: better-auth retries discovery when the button is pressed.
 */
export function signInProviders(auth: Auth): AuthProvider[] {
  const plugins: readonly { id: string; options?: unknown }[] = auth.options.plugins ?? [];
  const generic = plugins.find((plugin) => plugin.id === 'generic-oauth');
  const config = (generic?.options as { config?: { providerId: string; name?: string }[] } | undefined)
    ?.config;
  return (config ?? []).map((c) => ({
    id: c.providerId,
    name: c.name ?? c.providerId,
    kind: 'oidc' as const,
  }));
}
