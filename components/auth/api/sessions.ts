import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { apiSend } from '@/components/lib/api-send';
import { SessionList } from '@/server/contracts/sessions';

export const sessionKeys = {
  all: ['sessions'] as const,
  own: () => [...sessionKeys.all, 'own'] as const,
};

/** GET /api/sessions: the signed-in user's sessions. */
export const getSessions = (signal?: AbortSignal): Promise<SessionList> =>
  apiGet('/api/sessions', SessionList, { signal });

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.own(),
    queryFn: ({ signal }) => getSessions(signal),
    staleTime: 10_000,
  });

export const useSessions = () => useQuery(sessionsQueryOptions());

/** DELETE /api/sessions/{id}: signs that browser out (within the server's 2 s cache). */
export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/sessions/${encodeURIComponent(id)}`, undefined, null),
    onSettled: () => client.invalidateQueries({ queryKey: sessionKeys.all }),
  });
}

/** DELETE /api/sessions: every session but this one. */
export function useRevokeOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend('DELETE', '/api/sessions', undefined, null),
    onSettled: () => client.invalidateQueries({ queryKey: sessionKeys.all }),
  });
}
