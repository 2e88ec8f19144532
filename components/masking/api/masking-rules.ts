import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, ApiRequestError } from '@/components/lib/api-client';
import { ApiError } from '@/server/contracts/errors';
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

/** A same-origin write; the server's `{error: {code, message}}` becomes an ApiRequestError. */
async function send(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<void> {
  const response = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    cache: 'no-store',
  });
  if (response.ok) return;
  const parsed = ApiError.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) {
    const { code, message, issues } = parsed.data.error;
    throw new ApiRequestError(code, response.status, message, issues);
  }
  throw new ApiRequestError(
    `HTTP_${response.status}`,
    response.status,
    `${method} ${path} answered ${response.status}`,
  );
}

/** POST /api/masking-rules. */
export function useCreateMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MaskingRuleInput) => send('POST', '/api/masking-rules', input),
    onSuccess: () => client.invalidateQueries({ queryKey: maskingRuleKeys.all }),
  });
}

/** DELETE /api/masking-rules/{id}. */
export function useDeleteMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => send('DELETE', `/api/masking-rules/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: maskingRuleKeys.all }),
  });
}
