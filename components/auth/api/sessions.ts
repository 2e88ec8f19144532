import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, ApiRequestError, sendToSignIn } from '@/components/lib/api-client';
import { SessionList } from '@/server/contracts/sessions';
import { authPost } from './auth-fetch';

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

async function remove(path: string): Promise<void> {
  const outcome = await authPost(path, {}, 'DELETE');
  if (outcome.ok) return;
  if (outcome.status === 401) sendToSignIn();
  throw new ApiRequestError(outcome.code, outcome.status, outcome.message);
}

/** DELETE /api/sessions/{id}: signs that browser out (within the server's 2 s cache). */
export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => remove(`/api/sessions/${encodeURIComponent(id)}`),
    onSettled: () => client.invalidateQueries({ queryKey: sessionKeys.all }),
  });
}

/** DELETE /api/sessions: every session but this one. */
export function useRevokeOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => remove('/api/sessions'),
    onSettled: () => client.invalidateQueries({ queryKey: sessionKeys.all }),
  });
}
