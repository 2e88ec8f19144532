import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiSend } from '@/components/lib/api-send';
import { SagaActionResult, type SagaAction, type SagaActionRequest } from '@/server/contracts/sagas';
import { getSaga } from './get-saga';
import { sagaKeys } from './saga-keys';

export interface SagaActionInput extends SagaActionRequest {
  sagaId: string;
  action: SagaAction;
}

/** How long the page keeps asking for the instance after an action, until the store shows it. */
const CATCH_UP_MS = 30_000;
const CATCH_UP_EVERY_MS = 500;

/** POST /api/sagas/{id}/{retry|compensate|abort|resolve}, with an optional reason (required to resolve). */
export async function runSagaAction({
  sagaId,
  action,
  reason,
  expectStatus,
}: SagaActionInput): Promise<SagaActionResult> {
  const body: SagaActionRequest = {
    ...(reason ? { reason } : {}),
    ...(expectStatus ? { expectStatus } : {}),
  };
  const result = await apiSend(
    'POST',
    `/api/sagas/${encodeURIComponent(sagaId)}/${action}`,
    body,
    SagaActionResult,
  );
  if (!result) throw new Error(`the ${action} answer was empty`);
  return result;
}

/**
 * The action is done in Redis when the POST answers; the store shows it once the recorder has projected
 * the lifecycle events it published. Until then the instance is asked for again (a stuck or ended
 * instance is not otherwise refetched), and the list and counts follow.
 */
async function catchUp(queryClient: QueryClient, result: SagaActionResult): Promise<void> {
  const deadline = Date.now() + CATCH_UP_MS;
  while (Date.now() < deadline) {
    const detail = await getSaga(result.sagaId).catch(() => null);
    if (detail && detail.summary.status !== result.from) {
      queryClient.setQueryData(sagaKeys.detail(result.sagaId), detail);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_EVERY_MS));
  }
  await queryClient.invalidateQueries({ queryKey: sagaKeys.all });
}

export function useSagaAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runSagaAction,
    onSuccess: (result) => void catchUp(queryClient, result),
    onError: () => queryClient.invalidateQueries({ queryKey: sagaKeys.all }),
  });
}
