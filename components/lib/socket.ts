import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/contracts/live';

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
  socket ??= io({ path: '/socket.io', transports: ['websocket', 'polling'] });
  return socket;
}
