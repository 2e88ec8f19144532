import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiRequestError, apiGet } from '@/components/lib/api-client';
import { SagaDetail } from '@/server/contracts/sagas';
import { isActive } from '../lib/status';
import { sagaKeys } from './saga-keys';

/** A running or compensating instance is refetched this often, so its timeline grows while open. */
const ACTIVE_POLL_MS = 3_000;

/** GET /api/sagas/{id}: the instance, each step paired with its compensation, its actions and links. */
export function getSaga(sagaId: string, signal?: AbortSignal): Promise<SagaDetail> {
  return apiGet(`/api/sagas/${encodeURIComponent(sagaId)}`, SagaDetail, { signal });
}

export function sagaQueryOptions(sagaId: string) {
  return queryOptions({
    queryKey: sagaKeys.detail(sagaId),
    queryFn: ({ signal }) => getSaga(sagaId, signal),
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
    refetchInterval: (query) => {
      const status = query.state.data?.summary.status;
      return status && isActive(status) ? ACTIVE_POLL_MS : false;
    },
  });
}

export function useSaga(sagaId: string) {
  return useQuery(sagaQueryOptions(sagaId));
}
