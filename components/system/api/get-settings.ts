import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { SettingsInUse } from '@/server/contracts/settings';

export const settingsKeys = {
  all: ['settings'] as const,
  inUse: () => [...settingsKeys.all, 'in-use'] as const,
};

/** GET /api/settings: the settings the server runs with (read once at start-up, so never stale). */
export function getSettings(signal?: AbortSignal): Promise<SettingsInUse> {
  return apiGet('/api/settings', SettingsInUse, { signal });
}

export function settingsQueryOptions() {
  return queryOptions({
    queryKey: settingsKeys.inUse(),
    queryFn: ({ signal }) => getSettings(signal),
    staleTime: Infinity,
  });
}

export function useSettings() {
  return useQuery(settingsQueryOptions());
}
