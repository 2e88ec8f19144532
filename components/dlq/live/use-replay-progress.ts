import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getSocket } from '@/components/lib/socket';
import { ReplayJob, type ReplayJobPage } from '@/server/contracts/replays';
import { dlqKeys, replayKeys } from '../api/dlq-keys';

/**
 * Replay jobs move live: each `replay:progress` frame is the job as `GET /api/replays/{id}` returns it,
 * written into its detail and into the jobs list (a job not yet listed refetches the list). A job that
 * settles changes letters' status, so the letter lists refetch then.
 */
export function useReplayProgress(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const onProgress = (payload: unknown) => {
      const parsed = ReplayJob.safeParse(payload);
      if (!parsed.success) {
        void queryClient.invalidateQueries({ queryKey: replayKeys.all });
        return;
      }
      const job = parsed.data;
      const previous = queryClient.getQueryData<ReplayJob>(replayKeys.detail(job.id));
      queryClient.setQueryData(replayKeys.detail(job.id), job);
      let listed = false;
      queryClient.setQueryData<ReplayJobPage>(replayKeys.lists(), (page) => {
        if (!page) return page;
        const items = page.items.map((item) => {
          if (item.id !== job.id) return item;
          listed = true;
          return job;
        });
        return { ...page, items };
      });
      if (!listed) void queryClient.invalidateQueries({ queryKey: replayKeys.lists() });
      if (previous && previous.state !== job.state) {
        void queryClient.invalidateQueries({ queryKey: dlqKeys.all });
      }
    };
    socket.on('replay:progress', onProgress);
    return () => {
      socket.off('replay:progress', onProgress);
    };
  }, [queryClient]);
}
