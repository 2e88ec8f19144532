import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/contracts/live';
import { sendToSignIn } from './api-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LiveSocket | undefined;

/**
 * The one socket.io connection of this tab, created on first use. Browser only: call it from an
 * effect or an event handler, never during render.
 */
export function getSocket(): LiveSocket {
  if (typeof window === 'undefined') {
    throw new Error('getSocket() runs in the browser only; call it from an effect');
  }
  if (!socket) {
    socket = io({ path: '/socket.io', transports: ['websocket', 'polling'] });
    followSessionEnd(socket);
  }
  return socket;
}

/**
 * The server cuts a socket whose session ended (signed out elsewhere, revoked, expired), and refuses
 * it a new one. Without this the tab kept showing its last figures, "disconnected", until some API
 * call happened to answer 401; now it goes to the sign-in page as that 401 would send it.
 */
function followSessionEnd(live: LiveSocket): void {
  live.on('connect_error', (error) => {
    if ((error as Error & { data?: { code?: string } }).data?.code === 'UNAUTHENTICATED') sendToSignIn();
  });
  live.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect') return; // the client's own or the network's: it reconnects itself
    void fetch('/api/me', { credentials: 'same-origin' })
      .then((response) => (response.status === 401 ? sendToSignIn() : live.connect()))
      .catch(() => live.connect());
  });
}
