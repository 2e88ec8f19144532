import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet } from '@/components/lib/api-client';
import { SagaDefinitionSummary } from '@/server/contracts/sagas';
import { sagaKeys } from './saga-keys';

/** The diagram's counts are live: refetched this often while the page is open. */
const COUNTS_POLL_MS = 5_000;

const SagaDefinitionList = z.array(SagaDefinitionSummary);

/** GET /api/saga-definitions: every announced definition with its instances per status, step and compensation. */
export function getSagaDefinitions(signal?: AbortSignal): Promise<SagaDefinitionSummary[]> {
  return apiGet('/api/saga-definitions', SagaDefinitionList, { signal });
}

export function sagaDefinitionsQueryOptions() {
  return queryOptions({
    queryKey: sagaKeys.definitions(),
    queryFn: ({ signal }) => getSagaDefinitions(signal),
    refetchInterval: COUNTS_POLL_MS,
  });
}

export function useSagaDefinitions() {
  return useQuery(sagaDefinitionsQueryOptions());
}
