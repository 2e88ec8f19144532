import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { z } from 'zod';
import type { LiveRoom } from '@/server/contracts/live';
import { getSocket } from './socket';

/**
 * Keeps a React Query entry fresh from a socket.io room while the calling component is mounted: joins
 * `<room>:subscribe` (again after every reconnect), parses each `<room>:update` with `schema` and writes
 * it under `queryKey`. The REST query under the same key stays the source for the first paint and for
 * refetches; a push that fails to parse invalidates it instead of replacing good data with bad.
 */
export function useLiveRoom<T>(room: LiveRoom, queryKey: QueryKey, schema: z.ZodType<T>): void {
  const queryClient = useQueryClient();
  // a stable string dependency: callers build the key inline on every render
  const keyJson = JSON.stringify(queryKey);

  useEffect(() => {
    const socket = getSocket();
    const key = JSON.parse(keyJson) as QueryKey;
    const onUpdate = (payload: unknown) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) queryClient.setQueryData(key, parsed.data);
      else void queryClient.invalidateQueries({ queryKey: key });
    };
    const join = () => socket.emit(`${room}:subscribe`, () => undefined);
    const event = `${room}:update` as const;

    socket.on(event, onUpdate);
    socket.on('connect', join);
    if (socket.connected) join();
    return () => {
      socket.off(event, onUpdate);
      socket.off('connect', join);
      socket.emit(`${room}:unsubscribe`, () => undefined);
    };
  }, [room, keyJson, schema, queryClient]);
}
