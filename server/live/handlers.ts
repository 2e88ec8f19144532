import type { BusLogger } from '@/server/bus/types';
import {
  LIVE_ROOMS,
  RoomRequest,
  TailSubscribeRequest,
  TailUnsubscribeRequest,
} from '@/server/contracts/live';
import type { LivePresenter } from './client-feed';
import type { LiveRelay } from './relay';
import type { RoomPusher } from './rooms';
import type { LiveServer } from './socket-server';
import { onValidated } from './validated';

export type { LivePresenter };

/** Wires every client's room and tail events to the pusher and the relay; the feed goes on disconnect. */
export function registerLiveHandlers(
  io: LiveServer,
  relay: LiveRelay,
  rooms: RoomPusher,
  log: BusLogger,
  presenter: LivePresenter,
): void {
  io.on('connection', (socket) => {
    const feed = relay.attach(socket, presenter);
    socket.on('disconnect', () => relay.detach(feed));

    for (const room of LIVE_ROOMS) {
      onValidated(
        socket,
        `${room}:subscribe`,
        RoomRequest,
        () => {
          rooms.join(socket, room);
          return { ok: true };
        },
        log,
      );
      onValidated(
        socket,
        `${room}:unsubscribe`,
        RoomRequest,
        () => {
          rooms.leave(socket, room);
          return { ok: true };
        },
        log,
      );
    }
    onValidated(
      socket,
      'tail:subscribe',
      TailSubscribeRequest,
      (request) =>
        request.filter.text !== undefined && !presenter.maySearchPayload(socket.data.principal)
          ? {
              ok: false as const,
              error: {
                code: 'FORBIDDEN' as const,
                message: `your role (${socket.data.principal.role}) may not search payloads`,
              },
            }
          : relay.subscribe(feed, request),
      log,
    );
    onValidated(
      socket,
      'tail:unsubscribe',
      TailUnsubscribeRequest,
      ({ tailId }) => {
        relay.unsubscribe(feed, tailId);
        return { ok: true };
      },
      log,
    );
  });
}
