import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { Keys } from '@/server/bus/keys';
import { silentLogger } from '@/server/bus/types';
import type {
  ClientToServerEvents,
  LiveEvent,
  ServerToClientEvents,
  TailFrame,
  TailReset,
  SocketPrincipal,
} from '@/server/contracts/live';
import { startLiveLayer, type LiveLayer } from '@/server/live/live-layer';
import type { LiveOptions } from '@/server/live/options';
import type { LiveSnapshots } from '@/server/live/rooms';
import { livePresenter } from '@/server/access/present-event';
import type { LivePresenter } from '@/server/live/handlers';
import {
  DEFAULT_SOCKETS_PER_IP,
  DEFAULT_SOCKETS_PER_USER,
  type SocketGuard,
} from '@/server/live/socket-guard';
import { createSocketEndpoint, SOCKET_PATH } from '@/server/live/socket-server';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveTestServer {
  url: string;
  layer: LiveLayer;
  close(): Promise<void>;
}

const noSnapshots: LiveSnapshots = {
  topology: async () => ({ nodes: [], edges: [] }),
  metrics: async () => ({}),
};

/** Every socket is this admin unless a test brings its own guard (the auth tests do). */
export const TEST_LIVE_ADMIN: SocketPrincipal = {
  kind: 'user',
  userId: 'live-test-admin',
  name: 'live test',
  role: 'admin',
};

const openGuard: SocketGuard = {
  refuseRequest: () => null,
  clientAddress: (req) => req.socket.remoteAddress ?? '',
  authenticate: async () => TEST_LIVE_ADMIN,
  maxPerIp: DEFAULT_SOCKETS_PER_IP,
  maxPerUser: DEFAULT_SOCKETS_PER_USER,
  recheckMs: 60_000,
};

/** The live layer on a real socket.io endpoint behind a plain HTTP server on an ephemeral port. */
export async function startLiveTestServer(setup: {
  redis: Redis;
  keys: Keys;
  options?: Partial<LiveOptions>;
  snapshots?: LiveSnapshots;
  guard?: Partial<SocketGuard>;
  presenter?: LivePresenter;
}): Promise<LiveTestServer> {
  const endpoint = createSocketEndpoint({ ...openGuard, ...setup.guard });
  const server = createServer((req, res) => {
    if (req.url?.startsWith(SOCKET_PATH)) return endpoint.handleRequest(req, res);
    res.statusCode = 404;
    res.end();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith(SOCKET_PATH)) endpoint.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  const layer = startLiveLayer({
    io: endpoint.io,
    redis: setup.redis,
    keys: setup.keys,
    log: silentLogger,
    options: setup.options,
    snapshots: setup.snapshots ?? noSnapshots,
    presenter: setup.presenter ?? livePresenter,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    layer,
    close: async () => {
      await layer.stop();
      await endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A connected socket.io client (websocket only, no automatic reconnection: tests reconnect by hand). */
export async function connectLiveClient(
  url: string,
  credentials: { headers?: Record<string, string>; token?: string } = {},
): Promise<LiveClient> {
  const socket: LiveClient = connectSocket(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(credentials.headers ? { extraHeaders: credentials.headers } : {}),
    ...(credentials.token ? { auth: { token: credentials.token } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** What a client received on its tails, as a live hook would keep it. */
export interface TailRecording {
  frames: TailFrame[];
  /** tail id -> events in arrival order (replays included). */
  events: Map<string, LiveEvent[]>;
  /** tail id -> latest position per topic, to send back in `resume`. */
  positions: Map<string, Record<string, string>>;
  resets: TailReset[];
  of(tailId?: string): LiveEvent[];
}

export function recordTails(socket: LiveClient): TailRecording {
  const recording: TailRecording = {
    frames: [],
    events: new Map(),
    positions: new Map(),
    resets: [],
    of: (tailId = 'default') => recording.events.get(tailId) ?? [],
  };
  socket.on('tail:events', (frame) => {
    recording.frames.push(frame);
    for (const batch of frame.tails) {
      const list = recording.events.get(batch.tailId) ?? [];
      list.push(...batch.events);
      recording.events.set(batch.tailId, list);
      recording.positions.set(batch.tailId, { ...recording.positions.get(batch.tailId), ...batch.positions });
    }
  });
  socket.on('tail:reset', (reset) => {
    recording.resets.push(reset);
    recording.positions.set(reset.tailId, { ...recording.positions.get(reset.tailId), ...reset.positions });
  });
  return recording;
}
