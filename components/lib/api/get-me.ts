import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { Me } from '@/server/contracts/access';

export const meKeys = {
  all: ['me'] as const,
};

/** GET /api/me: who this browser is signed in as (the UI mirrors permissions; the server enforces them). */
export function getMe(signal?: AbortSignal): Promise<Me> {
  return apiGet('/api/me', Me, { signal });
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: meKeys.all,
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 60_000,
    retry: false,
  });
}

export function useMe() {
  return useQuery(meQueryOptions());
}
