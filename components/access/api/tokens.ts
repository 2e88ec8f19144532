import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { apiSend } from '@/components/lib/api-send';
import { CreatedToken, TokenList, TokenRow, type NewTokenRequest } from '@/server/contracts/tokens';
import { tokenKeys } from './access-keys';

/** GET /api/tokens: the caller's tokens, or everyone's (`all`, admins). */
export function tokensQueryOptions(all: boolean) {
  return queryOptions({
    queryKey: tokenKeys.list(all),
    queryFn: ({ signal }) => apiGet(`/api/tokens${all ? '?all=1' : ''}`, TokenList, { signal }),
  });
}

export function useTokens(all: boolean) {
  return useQuery(tokensQueryOptions(all));
}

/** POST /api/tokens: the answer holds the secret, shown once by the card and never cached. */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: NewTokenRequest) =>
      (await apiSend('POST', '/api/tokens', input, CreatedToken))!,
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

/** DELETE /api/tokens/{id}: revokes (the row stays, marked revoked). */
export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await apiSend('DELETE', `/api/tokens/${encodeURIComponent(id)}`, undefined, TokenRow))!,
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
