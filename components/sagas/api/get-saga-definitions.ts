import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet } from '@/components/lib/api-client';
import { SagaDefinitionSummary } from '@/server/contracts/sagas';
import { SAGAS_FALLBACK_POLL_MS, sagaKeys } from './saga-keys';

const SagaDefinitionList = z.array(SagaDefinitionSummary);

/** GET /api/saga-definitions: every announced definition with its instances per status, step and compensation. */
export function getSagaDefinitions(signal?: AbortSignal): Promise<SagaDefinitionSummary[]> {
  return apiGet('/api/saga-definitions', SagaDefinitionList, { signal });
}

/** `live`: `sagas:changed` refreshes the counts; else they are polled. */
export function sagaDefinitionsQueryOptions(live = false) {
  return queryOptions({
    queryKey: sagaKeys.definitions(),
    queryFn: ({ signal }) => getSagaDefinitions(signal),
    refetchInterval: live ? false : SAGAS_FALLBACK_POLL_MS,
  });
}

export function useSagaDefinitions(live = false) {
  return useQuery(sagaDefinitionsQueryOptions(live));
}
