import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '@/components/lib/api-send';
import { ReplayJob, type ReplayRequest } from '@/server/contracts/replays';
import { dlqKeys, replayKeys } from './dlq-keys';

/** POST /api/replays (with the preview's `previewId`): creates the durable, paced replay job. */
export async function createReplay(request: Omit<ReplayRequest, 'dryRun'>): Promise<ReplayJob> {
  return (await apiSend('POST', '/api/replays', request, ReplayJob))!;
}

export function useCreateReplay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createReplay,
    onSuccess: (job) => queryClient.setQueryData(replayKeys.detail(job.id), job),
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: replayKeys.all }),
        queryClient.invalidateQueries({ queryKey: dlqKeys.all }),
      ]);
    },
  });
}
