import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getSocket } from '@/components/lib/socket';
import type { LiveError, TailFilterInput } from '@/server/contracts/live';
import { eventKeys } from '../api/event-keys';
import { EMPTY_TAIL, type TailState } from '../lib/tail-buffer';
import { startTailSubscription, type TailStatus } from './tail-subscription';

export type { TailStatus } from './tail-subscription';

export interface EventTail {
  /** The bounded buffer and its counters (see lib/tail-buffer.ts). */
  tail: TailState;
  status: TailStatus;
  /** Why the subscription failed (status `error`), or a frame that broke the contract. */
  error: LiveError | null;
  /** Identifies the filter; a new filter is a new tail with a new buffer. */
  filterKey: string;
  retry(): void;
}

/** Subscriptions of this tab; each gets its own tail id so late frames of an old one are ignored. */
let tailNumber = 0;

interface Connection {
  /** The filter and attempt this report belongs to; a report of an older one is not shown. */
  session: string;
  status: TailStatus;
  error: LiveError | null;
}

/**
 * Tails events over the tab's socket. The buffer lives in the React Query cache under
 * `eventKeys.tail(filter)`, like every other piece of server state: sockets notify, the cache owns the
 * data. The entry has no fetcher (a tail cannot be refetched, only resumed), its size is bounded by
 * `TAIL_CAPACITY`, structural sharing is off (frames only append, and deep-comparing 2,000 rows ten
 * times a second would cost more than it saves) and it is dropped once nothing shows it (`gcTime: 0`),
 * so coming back starts a fresh tail rather than a buffer with a silent hole in it.
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
  const [connection, setConnection] = useState<Connection>({
    session: '',
    status: 'connecting',
    error: null,
  });

  const { data } = useQuery<TailState>({
    queryKey: eventKeys.tail(filterKey),
    queryFn: skipToken,
    structuralSharing: false,
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
  });

  useEffect(() => {
    if (!enabled) return;
    const key = eventKeys.tail(filterKey);
    const sessionId = `${filterKey}#${attempt}`;
    return startTailSubscription({
      socket: getSocket(),
      tailId: `events-${(tailNumber += 1)}`,
      filter: JSON.parse(filterKey) as TailFilterInput,
      read: () => queryClient.getQueryData<TailState>(key) ?? EMPTY_TAIL,
      write: (change) =>
        queryClient.setQueryData<TailState>(key, (previous) => change(previous ?? EMPTY_TAIL)),
      onStatus: (status, error) => setConnection({ session: sessionId, status, error }),
      onProblem: (error) =>
        setConnection((previous) => ({
          session: sessionId,
          status: previous.session === sessionId ? previous.status : 'live',
          error,
        })),
      // History is where the missed events are: make its pages fresh
      onReset: () => void queryClient.invalidateQueries({ queryKey: eventKeys.lists() }),
    });
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
