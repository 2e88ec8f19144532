import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getSocket } from '@/components/lib/socket';
import { dlqKeys } from '../api/dlq-keys';

/**
 * New or changed letters appear without a reload: `deadLetters:changed` (counts only, coalesced to one a
 * second by the server) invalidates the groups, lists and open details, which refetch what is shown.
 */
export function useDeadLettersLive(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const onChanged = () => void queryClient.invalidateQueries({ queryKey: dlqKeys.all });
    socket.on('deadLetters:changed', onChanged);
    return () => {
      socket.off('deadLetters:changed', onChanged);
    };
  }, [queryClient]);
}
