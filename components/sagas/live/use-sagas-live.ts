import { useQueryClient, type Query } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getSocket } from '@/components/lib/socket';
import { sagaKeys } from '../api/saga-keys';

/**
 * The Sagas pages follow the store without a reload: in room `sagas` (joined again on every connect),
 * each `sagas:changed` (counts only, at most one per 500 ms) invalidates the definitions' counts, the
 * open timeline, and the lists showing their first page only (a list with more pages loaded holds
 * still, so rows do not move under a reader scrolling back). Returns whether the socket is connected:
 * while it is not, the queries poll slowly instead.
 */
export function useSagasLive(): { connected: boolean } {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const socket = getSocket();
    const onChanged = () => {
      void queryClient.invalidateQueries({ queryKey: sagaKeys.definitions() });
      void queryClient.invalidateQueries({ queryKey: sagaKeys.details() });
      void queryClient.invalidateQueries({ queryKey: sagaKeys.lists(), predicate: onFirstPage });
    };
    const join = () => {
      setConnected(true);
      socket.emit('sagas:subscribe', () => undefined);
    };
    const onConnect = () => {
      join();
      // what changed while the socket was down
      onChanged();
    };
    const onDisconnect = () => setConnected(false);

    socket.on('sagas:changed', onChanged);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    // another page may have connected the shared socket already: the queries just loaded, no refetch
    if (socket.connected) join();
    return () => {
      socket.off('sagas:changed', onChanged);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      // a disconnected socket left its rooms; an emit now would be sent after the next connect
      if (socket.connected) socket.emit('sagas:unsubscribe', () => undefined);
    };
  }, [queryClient]);

  return { connected };
}

const onFirstPage = (query: Query): boolean =>
  ((query.state.data as { pages?: unknown[] } | undefined)?.pages?.length ?? 0) <= 1;
