/**
 * `sagas:changed` for the sockets in room `sagas` (the Sagas pages): recorders publish the counts of
 * each committed batch that changed saga rows on the bus' saga-changes channel (server/recorder/
 * saga-notices.ts), in this process or another; this sums them and emits at most once per `intervalMs`,
 * the first change at once and the rest of a burst at the end of the interval. Nobody in the room:
 * the counts are dropped, nothing is sent.
 */
import type { Redis } from 'ioredis';
import type { BusLogger } from '@/server/bus/types';
import { RoomRequest, SagasChanged } from '@/server/contracts/live';
import type { LiveServer } from './socket-server';
import { onValidated } from './validated';

export const SAGAS_NOTICE_MS = 500;
export const SAGAS_ROOM = 'live:sagas';

export interface SagasNotifierStatus {
  listeners: number;
  /** Messages from recorders, and those that were not SagasChanged. */
  messages: number;
  invalid: number;
  notices: number;
}

export interface SagasNotifier {
  status(): SagasNotifierStatus;
  /** Unsubscribes and disconnects the subscriber (the notifier owns it). */
  stop(): Promise<void>;
}

export function startSagasNotifier(options: {
  io: LiveServer;
  /** A connection of its own: a subscribed connection runs no other command. */
  subscriber: Redis;
  channel: string;
  log: BusLogger;
  intervalMs?: number;
}): SagasNotifier {
  const { io, subscriber, channel, log } = options;
  const intervalMs = options.intervalMs ?? SAGAS_NOTICE_MS;
  const counts = { messages: 0, invalid: 0, notices: 0 };
  let pending: SagasChanged | null = null;
  let lastEmitAt = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const listeners = (): number => io.sockets.adapter.rooms.get(SAGAS_ROOM)?.size ?? 0;

  const flush = (): void => {
    timer = null;
    const change = pending;
    pending = null;
    if (!change || stopped || listeners() === 0) return;
    io.to(SAGAS_ROOM).emit('sagas:changed', change);
    lastEmitAt = Date.now();
    counts.notices += 1;
  };

  const onMessage = (from: string, message: string): void => {
    if (from !== channel || stopped) return;
    counts.messages += 1;
    const parsed = SagasChanged.safeParse(parseJson(message));
    if (!parsed.success) {
      // anything may publish on a channel: a bad message is counted, never relayed
      if (counts.invalid === 0) log.warn({ channel }, 'saga change notice is not SagasChanged; ignored');
      counts.invalid += 1;
      return;
    }
    if (listeners() === 0) return;
    pending = pending
      ? { instances: pending.instances + parsed.data.instances, steps: pending.steps + parsed.data.steps }
      : parsed.data;
    if (timer) return;
    const wait = lastEmitAt + intervalMs - Date.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };

  subscriber.on('message', onMessage);
  subscriber.subscribe(channel).catch((error: unknown) => {
    // ioredis subscribes again when it reconnects; until then the Sagas pages hear of no change
    log.warn({ err: (error as Error).message, channel }, 'saga change notices: subscribe failed');
  });

  io.on('connection', (socket) => {
    onValidated(
      socket,
      'sagas:subscribe',
      RoomRequest,
      () => {
        void socket.join(SAGAS_ROOM);
        return { ok: true };
      },
      log,
    );
    onValidated(
      socket,
      'sagas:unsubscribe',
      RoomRequest,
      () => {
        void socket.leave(SAGAS_ROOM);
        return { ok: true };
      },
      log,
    );
  });

  return {
    status: () => ({ listeners: listeners(), ...counts }),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      subscriber.off('message', onMessage);
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
