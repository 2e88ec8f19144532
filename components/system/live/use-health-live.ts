import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getSocket } from '@/components/lib/socket';
import { Health } from '@/server/contracts/health';
import { healthKeys } from '@/components/lib/api/get-health';

/**
 * Keeps the health query fresh from the socket: 'health:update' pushes (and a 'health:get' on every
 * connect) are written into the React Query cache. Returns whether the socket is connected.
 */
export function useHealthLive(): { connected: boolean } {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const socket = getSocket();

    // Socket messages cross a trust boundary: parse them. A bad one falls back to a REST refetch,
    // whose parse failure then surfaces as the query's error.
    const writeHealth = (payload: unknown) => {
      const parsed = Health.safeParse(payload);
      if (parsed.success) queryClient.setQueryData(healthKeys.current(), parsed.data);
      else void queryClient.invalidateQueries({ queryKey: healthKeys.all });
    };
    const onConnect = () => {
      setConnected(true);
      socket.emit('health:get', writeHealth);
    };
    const onDisconnect = () => setConnected(false);

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('health:update', writeHealth);
    // Another component may have connected the shared socket before this effect ran.
    if (socket.connected) onConnect();

    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('health:update', writeHealth);
    };
  }, [queryClient]);

  return { connected };
}
