import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getSocket } from '@/components/lib/socket';
import { ReplayJob, type ReplayJobPage } from '@/server/contracts/replays';
import { replayKeys } from '../api/dlq-keys';

let lastFrameAt = 0;

/** A `replay:progress` frame arrived within `ms`: the socket is carrying progress, no need to poll. */
export function progressIsLive(ms: number, now = Date.now()): boolean {
  return now - lastFrameAt < ms;
}

/**
 * Replay jobs move live: each `replay:progress` frame is the job as `GET /api/replays/{id}` returns it,
 * written into its detail and into the jobs list (a job not yet listed refetches the list); the letter
 * lists follow the jobs (use-letters-follow-jobs).
 */
export function useReplayProgress(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const onProgress = (payload: unknown) => {
      lastFrameAt = Date.now();
      const parsed = ReplayJob.safeParse(payload);
      if (!parsed.success) {
        void queryClient.invalidateQueries({ queryKey: replayKeys.all });
        return;
      }
      const job = parsed.data;
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
    };
    socket.on('replay:progress', onProgress);
    return () => {
      socket.off('replay:progress', onProgress);
    };
  }, [queryClient]);
}
