import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as Engine } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '@/server/contracts/live';
import { guardSockets, type SocketGuard } from './socket-guard';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const SOCKET_PATH = '/socket.io/';

export interface SocketEndpoint {
  io: LiveServer;
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/**
 * socket.io bound to a bare engine.io server, not attached to the HTTP server: `server/main.ts` owns the
 * single request and upgrade dispatcher and hands `/socket.io/` traffic here, the rest to Next. Every
 * socket passes the guard: same origin, credentials, caps, and a periodic check for revocation.
 */
export function createSocketEndpoint(guard: SocketGuard): SocketEndpoint {
  const engine = new Engine({
    pingInterval: 10_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: 64 * 1024,
    // Same origin only: the console is served by this very process.
    cors: undefined,
    // a foreign page's socket (cross-site WebSocket hijacking) is refused before any cookie is read
    allowRequest: (req, callback) => {
      const reason = guard.refuseRequest(req);
      callback(reason, reason === null);
    },
  });
  const io: LiveServer = new Server({ serveClient: false });
  io.bind(engine);
  const stopSweep = guardSockets(io, guard);
  return {
    io,
    handleRequest: (req, res) => engine.handleRequest(req, res),
    handleUpgrade: (req, socket, head) => engine.handleUpgrade(req, socket, head),
    close: () =>
      new Promise<void>((resolve) => {
        stopSweep();
        io.disconnectSockets(true);
        engine.close();
        resolve();
      }),
  };
}
