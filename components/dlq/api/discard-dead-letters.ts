import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '@/components/lib/api-send';
import { DiscardResult, type DiscardRequest } from '@/server/contracts/dead-letter-list';
import { dlqKeys } from './dlq-keys';

/** POST /api/dead-letters/discard: some letters, a group or a filter, with a reason (audited). */
export async function discardDeadLetters(request: DiscardRequest): Promise<DiscardResult> {
  return (await apiSend('POST', '/api/dead-letters/discard', request, DiscardResult))!;
}

export function useDiscardDeadLetters() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: discardDeadLetters,
    onSettled: () => queryClient.invalidateQueries({ queryKey: dlqKeys.all }),
  });
}
