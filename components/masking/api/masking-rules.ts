import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, ApiRequestError } from '@/components/lib/api-client';
import { apiSend } from '@/components/lib/api-send';
import { MaskingRule, type MaskingRuleInput } from '@/server/contracts/masking';

export const maskingRuleKeys = {
  all: ['masking-rules'] as const,
  list: () => [...maskingRuleKeys.all, 'list'] as const,
};

/** GET /api/masking-rules (admins only: others get 403). */
export const getMaskingRules = (signal?: AbortSignal): Promise<MaskingRule[]> =>
  apiGet('/api/masking-rules', z.array(MaskingRule), { signal });

export const maskingRulesQueryOptions = () =>
  queryOptions({
    queryKey: maskingRuleKeys.list(),
    queryFn: ({ signal }) => getMaskingRules(signal),
    staleTime: 10_000,
    // a 403 is an answer (not an admin), not a hiccup to retry
    retry: (count, error) => !(error instanceof ApiRequestError && error.status === 403) && count < 2,
  });

export const useMaskingRules = () => useQuery(maskingRulesQueryOptions());

/** POST /api/masking-rules. */
export function useCreateMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MaskingRuleInput) => apiSend('POST', '/api/masking-rules', input, null),
    onSuccess: () => client.invalidateQueries({ queryKey: maskingRuleKeys.all }),
  });
}

/** DELETE /api/masking-rules/{id}. */
export function useDeleteMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiSend('DELETE', `/api/masking-rules/${id}`, undefined, null),
    onSuccess: () => client.invalidateQueries({ queryKey: maskingRuleKeys.all }),
  });
}
