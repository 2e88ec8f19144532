import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod';
import { getSocket } from '@/components/lib/socket';
import { traceKeys } from '../api/trace-keys';
import { refreshPeriodMs } from '../lib/refresh-period';

/** A burst of new events refetches the trace at most this often (longer for large traces). */
export const TRACE_LIVE_THROTTLE_MS = 1_000;

/** What this hook reads of a `tail:events` frame: whether it holds events for its own tail. */
const Frame = z.object({
  tails: z.array(z.object({ tailId: z.string(), events: z.array(z.unknown()) })),
});

let tailNumber = 0;

/**
 * While a trace is in progress, follows the live tail filtered by its correlation id (the relay
 * filters on the server, server/live/tail-filter.ts) and invalidates the trace's query when its events
 * arrive, at most once a second (less often as the trace grows, lib/refresh-period.ts): the tree
 * grows while it is open. The tail's events are not kept; the
 * refetched trace is the one source of the rows.
 */
export function useTraceLive(correlationId: string, enabled: boolean, totalNodes: number): void {
  const queryClient = useQueryClient();
  const throttleMs = refreshPeriodMs(TRACE_LIVE_THROTTLE_MS, totalNodes);
  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    const tailId = `trace-${(tailNumber += 1)}`;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      // trailing: every event of a burst is in the one refetch after it
      timer ??= setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: traceKeys.detail(correlationId) });
      }, throttleMs);
    };
    const onFrame = (raw: unknown) => {
      const frame = Frame.safeParse(raw);
      if (!frame.success) return; // the Events page reports malformed frames; here one is only a missed nudge
      if (frame.data.tails.some((tail) => tail.tailId === tailId && tail.events.length > 0)) refresh();
    };
    const subscribe = () =>
      socket.emit('tail:subscribe', { tailId, filter: { topics: ['*'], correlationId } }, () => undefined);

    // after a reconnect, what arrived meanwhile is only in the store
    const onReconnect = () => {
      subscribe();
      refresh();
    };

    socket.on('tail:events', onFrame);
    socket.on('connect', onReconnect);
    if (socket.connected) subscribe();
    return () => {
      if (timer) clearTimeout(timer);
      socket.off('tail:events', onFrame);
      socket.off('connect', onReconnect);
      if (socket.connected) socket.emit('tail:unsubscribe', { tailId }, () => undefined);
    };
  }, [correlationId, enabled, queryClient, throttleMs]);
}
