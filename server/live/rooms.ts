import type { BusLogger } from '@/server/bus/types';
import type { LiveRoom, LiveStatus, MetricsSnapshot, TopologySnapshot } from '@/server/contracts/live';
import type { DeadLetterPulse } from '@/server/queries/dead-letter-pulse';
import type { LiveServer, LiveSocket } from './socket-server';

/** Read models the rooms push; the caller provides them (from server/queries). */
export interface LiveSnapshots {
  topology(): Promise<TopologySnapshot>;
  metrics(): Promise<MetricsSnapshot>;
  /** A summary of the stored dead letters (`deadLetters:changed` when it moves); none: no notices. */
  deadLetters?(): Promise<DeadLetterPulse>;
}

export type RoomsStatus = LiveStatus['rooms'];

export interface RoomPusher {
  join(socket: LiveSocket, room: LiveRoom): void;
  leave(socket: LiveSocket, room: LiveRoom): void;
  status(): RoomsStatus;
  stop(): void;
}

/** socket.io room names, namespaced so that they never collide with socket ids. */
export const roomName = (room: LiveRoom): string => `live:${room}`;

interface RoomState {
  pushes: number;
  errors: number;
  lastError: { message: string; at: string } | null;
  inFlight: boolean;
  latest: { at: number; snapshot: TopologySnapshot | MetricsSnapshot } | null;
}

/**
 * Pushes `topology:update` and `metrics:update` every `intervalMs` to the clients in each room, and
 * only to them: a room nobody is in costs no query. A snapshot still being computed is not started
 * again; a failed one is logged, counted and surfaced in `status()`, and the next tick tries again.
 */
export function startRoomPusher(options: {
  io: LiveServer;
  snapshots: LiveSnapshots;
  intervalMs: number;
  log: BusLogger;
}): RoomPusher {
  const { io, snapshots, intervalMs, log } = options;
  const rooms: Record<LiveRoom, RoomState> = {
    topology: { pushes: 0, errors: 0, lastError: null, inFlight: false, latest: null },
    metrics: { pushes: 0, errors: 0, lastError: null, inFlight: false, latest: null },
  };
  const listeners = (room: LiveRoom): number => io.sockets.adapter.rooms.get(roomName(room))?.size ?? 0;

  const emit = (
    target: LiveServer | LiveSocket | ReturnType<LiveServer['to']>,
    room: LiveRoom,
    snapshot: TopologySnapshot | MetricsSnapshot,
  ): void => {
    if (room === 'topology') target.emit('topology:update', snapshot as TopologySnapshot);
    else target.emit('metrics:update', snapshot);
  };

  const push = async (room: LiveRoom): Promise<void> => {
    const state = rooms[room];
    if (state.inFlight || listeners(room) === 0) return;
    state.inFlight = true;
    try {
      const snapshot = room === 'topology' ? await snapshots.topology() : await snapshots.metrics();
      state.latest = { at: Date.now(), snapshot };
      if (stopped) return;
      emit(io.to(roomName(room)), room, snapshot);
      state.pushes += 1;
    } catch (error) {
      state.errors += 1;
      const message = (error as Error).message;
      if (state.lastError?.message !== message) log.warn({ err: message, room }, 'live snapshot failed');
      state.lastError = { message, at: new Date().toISOString() };
    } finally {
      state.inFlight = false;
    }
  };

  let stopped = false;
  const timer = setInterval(() => {
    void push('topology');
    void push('metrics');
  }, intervalMs);

  return {
    join: (socket, room) => {
      void socket.join(roomName(room));
      // a fresh snapshot now, rather than up to a tick later
      const latest = rooms[room].latest;
      if (latest && Date.now() - latest.at < 2 * intervalMs) emit(socket, room, latest.snapshot);
    },
    leave: (socket, room) => {
      void socket.leave(roomName(room));
    },
    status: () => {
      const of = (room: LiveRoom): RoomsStatus[LiveRoom] => {
        const { pushes, errors, lastError } = rooms[room];
        return { listeners: listeners(room), pushes, errors, lastError };
      };
      return { topology: of('topology'), metrics: of('metrics') };
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
