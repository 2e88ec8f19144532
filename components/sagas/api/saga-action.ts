import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '@/components/lib/api-send';
import type { SagaAction, SagaActionRequest } from '@/server/contracts/sagas';
import { sagaKeys } from './saga-keys';

export interface SagaActionInput extends SagaActionRequest {
  sagaId: string;
  action: SagaAction;
}

/**
 * POST /api/sagas/{id}/{retry|compensate|abort|resolve}, with an optional reason (required to
 * resolve). The answer is not read: the instance, the list and the counts are refetched instead.
 */
export async function runSagaAction({
  sagaId,
  action,
  reason,
  expectStatus,
}: SagaActionInput): Promise<void> {
  const body: SagaActionRequest = {
    ...(reason ? { reason } : {}),
    ...(expectStatus ? { expectStatus } : {}),
  };
  await apiSend('POST', `/api/sagas/${encodeURIComponent(sagaId)}/${action}`, body, null);
}

export function useSagaAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runSagaAction,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sagaKeys.all }),
  });
}
