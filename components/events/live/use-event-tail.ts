import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getSocket } from '@/components/lib/socket';
import type { LiveError, TailFilterInput } from '@/server/contracts/live';
import { eventKeys } from '../api/event-keys';
import {
  applyBatch,
  applyReset,
  applySkipped,
  EMPTY_TAIL,
  mergeAckPositions,
  resumeFrom,
  type TailState,
} from '../lib/tail-buffer';
import { TailFrameSchema, TailResetSchema, TailSubscribeAck } from './tail-messages';

export type TailStatus = 'connecting' | 'live' | 'reconnecting' | 'error';

export interface EventTail {
  /** The bounded buffer and its counters (see lib/tail-buffer.ts). */
  tail: TailState;
  status: TailStatus;
  /** Why the subscription failed (status `error`), or a frame that broke the contract. */
  error: LiveError | null;
  /** The cache key the buffer lives under (a new filter is a new key). */
  filterKey: string;
  retry(): void;
}

/** Subscription attempts of this tab; each gets its own tail id so late frames of an old one are ignored. */
let tailNumber = 0;

const ACK_TIMEOUT_MS = 10_000;

/**
 * Tails events over the tab's socket. The buffer lives in the React Query cache under
 * `eventKeys.tail(filter)`, like every other piece of server state: sockets notify, the cache owns the
 * data. The entry has no fetcher (a tail cannot be refetched, only resumed), its size is bounded by
 * `TAIL_CAPACITY`, structural sharing is off (frames only append, and comparing 2,000 rows ten times
 * a second would cost more than it saves) and it is dropped as soon as no one shows it (`gcTime: 0`),
 * so coming back starts a fresh tail instead of a buffer with a silent hole in it.
 *
 * After a reconnect it subscribes again with `resume` (the last positions), so the server replays what
 * was missed or sends `tail:reset`, which becomes a gap marker in the list.
 */
export function useEventTail(
  filter: TailFilterInput,
  { enabled = true }: { enabled?: boolean } = {},
): EventTail {
  const queryClient = useQueryClient();
  // a stable dependency: callers build the filter on every render
  const filterKey = JSON.stringify(filter);
  const [attempt, setAttempt] = useState(0);
  const session = `${filterKey}#${attempt}`;
  const [connection, setConnection] = useState<{
    session: string;
    status: TailStatus;
    error: LiveError | null;
  }>({ session: '', status: 'connecting', error: null });

  const { data } = useQuery<TailState>({
    queryKey: eventKeys.tail(filterKey),
    queryFn: skipToken,
    structuralSharing: false,
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
  });

  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    const key = eventKeys.tail(filterKey);
    const request = JSON.parse(filterKey) as TailFilterInput;
    const tailId = `events-${(tailNumber += 1)}`;
    const sessionId = `${filterKey}#${attempt}`;
    let startedAt = 0;
    let active = true;

    const report = (status: TailStatus, error: LiveError | null = null) => {
      if (active) setConnection({ session: sessionId, status, error });
    };
    const update = (change: (state: TailState) => TailState) =>
      queryClient.setQueryData<TailState>(key, (previous) => change(previous ?? EMPTY_TAIL));

    const subscribe = () => {
      const state = queryClient.getQueryData<TailState>(key) ?? EMPTY_TAIL;
      const resume = startedAt > 0 ? resumeFrom(state, startedAt) : null;
      if (startedAt === 0) startedAt = Date.now();
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit(
          'tail:subscribe',
          { tailId, filter: request, ...(resume ? { resume } : {}) },
          (timeout, raw) => {
            if (!active) return;
            if (timeout) {
              // a reconnect subscribes again; until then the list says the tail is not live
              report('error', {
                code: 'UNAVAILABLE',
                message: 'The server did not answer the subscription.',
              });
              return;
            }
            const ack = TailSubscribeAck.safeParse(raw);
            if (!ack.success) {
              report('error', {
                code: 'INTERNAL',
                message: 'The server answered the subscription unexpectedly.',
              });
            } else if (!ack.data.ok) {
              // SUPERSEDED: a newer subscription of this tail answered already
              if (ack.data.error.code !== 'SUPERSEDED') report('error', ack.data.error);
            } else {
              const { positions } = ack.data;
              update((current) => mergeAckPositions(current, positions));
              report('live');
            }
          },
        );
    };

    const onFrame = (raw: unknown) => {
      const frame = TailFrameSchema.safeParse(raw);
      if (!frame.success) {
        // shown beside the tail; the subscription itself carries on with the next frame
        const error: LiveError = {
          code: 'INTERNAL',
          message: `A live frame did not match the contract: ${frame.error.issues[0]?.message ?? 'unknown'}`,
        };
        if (active) {
          setConnection((previous) => ({
            session: sessionId,
            status: previous.session === sessionId ? previous.status : 'live',
            error,
          }));
        }
        return;
      }
      const mine = frame.data.tails.filter((batch) => batch.tailId === tailId);
      const { skippedFrames, skippedEvents } = frame.data;
      if (mine.length === 0 && skippedFrames === 0) return;
      const now = Date.now();
      update((current) =>
        mine.reduce(
          (state, batch) => applyBatch(state, batch, now),
          // skipped frames are counted per socket; this page holds the socket's only tail
          applySkipped(current, skippedFrames, skippedEvents),
        ),
      );
    };

    const onReset = (raw: unknown) => {
      const reset = TailResetSchema.safeParse(raw);
      if (!reset.success || reset.data.tailId !== tailId) return;
      const value = reset.data;
      update((current) => applyReset(current, value, Date.now()));
      // the history search is the way to see what the tail missed: make it fetch fresh pages
      void queryClient.invalidateQueries({ queryKey: eventKeys.lists() });
    };

    const onDisconnect = () => report('reconnecting');

    socket.on('tail:events', onFrame);
    socket.on('tail:reset', onReset);
    socket.on('connect', subscribe);
    socket.on('disconnect', onDisconnect);
    if (socket.connected) subscribe();

    return () => {
      active = false;
      socket.off('tail:events', onFrame);
      socket.off('tail:reset', onReset);
      socket.off('connect', subscribe);
      socket.off('disconnect', onDisconnect);
      if (socket.connected) socket.emit('tail:unsubscribe', { tailId }, () => undefined);
    };
  }, [enabled, filterKey, attempt, queryClient]);

  const current = connection.session === session ? connection : null;
  return {
    tail: data ?? EMPTY_TAIL,
    status: current?.status ?? 'connecting',
    error: current?.error ?? null,
    filterKey,
    retry: () => setAttempt((n) => n + 1),
  };
}
