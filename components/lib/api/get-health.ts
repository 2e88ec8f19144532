import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { Health } from '@/server/contracts/health';

export const healthKeys = {
  all: ['health'] as const,
  current: () => [...healthKeys.all, 'current'] as const,
};

/** GET /api/health (shared: the top bar, Settings and every empty state read it). A 503 still carries a Health body (status "unhealthy"), so it is data, not an error. */
export function getHealth(signal?: AbortSignal): Promise<Health> {
  return apiGet('/api/health', Health, { acceptStatuses: [503], signal });
}

export function healthQueryOptions() {
  return queryOptions({
    queryKey: healthKeys.current(),
    queryFn: ({ signal }) => getHealth(signal),
  });
}

interface UseHealthOptions {
  /** Poll while the live socket is down; `false` (the default) relies on 'health:update' pushes. */
  refetchInterval?: number | false;
}

export function useHealth({ refetchInterval = false }: UseHealthOptions = {}) {
  return useQuery({ ...healthQueryOptions(), refetchInterval });
}
