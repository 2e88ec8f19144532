import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '@/components/lib/api-send';
import { ReplayJob, type ReplayAction } from '@/server/contracts/replays';
import { dlqKeys, replayKeys } from './dlq-keys';

/** POST /api/replays/{id}/{pause|resume|cancel|approve}: the job as it is after the action. */
export async function replayAction({ id, action }: { id: string; action: ReplayAction }): Promise<ReplayJob> {
  return (await apiSend('POST', `/api/replays/${encodeURIComponent(id)}/${action}`, undefined, ReplayJob))!;
}

export function useReplayAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replayAction,
    onSuccess: (job) => queryClient.setQueryData(replayKeys.detail(job.id), job),
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: replayKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: dlqKeys.all }),
      ]);
    },
  });
}
