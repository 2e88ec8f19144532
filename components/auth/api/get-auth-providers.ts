import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { AuthProviders } from '@/server/contracts/auth-providers';

export const authProviderKeys = {
  all: ['auth-providers'] as const,
  list: () => [...authProviderKeys.all, 'list'] as const,
};

/** GET /api/auth-providers: sign-in buttons besides email and password (public, read before sign-in). */
export function getAuthProviders(signal?: AbortSignal): Promise<AuthProviders> {
  return apiGet('/api/auth-providers', AuthProviders, { signal });
}

export function authProvidersQueryOptions() {
  return queryOptions({
    queryKey: authProviderKeys.list(),
    queryFn: ({ signal }) => getAuthProviders(signal),
    // configured by env: it changes only when the server restarts
    staleTime: Infinity,
  });
}

export const useAuthProviders = () => useQuery(authProvidersQueryOptions());
