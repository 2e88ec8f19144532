import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiRequestError, apiGet } from '@/components/lib/api-client';
import { SagaDetail } from '@/server/contracts/sagas';
import { isActive } from '../lib/status';
import { SAGAS_FALLBACK_POLL_MS, sagaKeys } from './saga-keys';

/** GET /api/sagas/{id}: the instance, each step paired with its compensation, its actions and links. */
export function getSaga(sagaId: string, signal?: AbortSignal): Promise<SagaDetail> {
  return apiGet(`/api/sagas/${encodeURIComponent(sagaId)}`, SagaDetail, { signal });
}

/** `live`: `sagas:changed` refreshes it; else a running or compensating instance is polled. */
export function sagaQueryOptions(sagaId: string, live = false) {
  return queryOptions({
    queryKey: sagaKeys.detail(sagaId),
    queryFn: ({ signal }) => getSaga(sagaId, signal),
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
    refetchInterval: (query) => {
      const status = query.state.data?.summary.status;
      return !live && status && isActive(status) ? SAGAS_FALLBACK_POLL_MS : false;
    },
  });
}

export function useSaga(sagaId: string, live = false) {
  return useQuery(sagaQueryOptions(sagaId, live));
}
