import type { Redis } from 'ioredis';
import type { Keys } from '@/server/bus/keys';
import { TopicRegistry } from '@/server/bus/topics';
import type { BusLogger } from '@/server/bus/types';
import type { LiveStatus } from '@/server/contracts/live';
import { startDeadLettersNotifier } from './dead-letters-notifier';
import { startSagasNotifier } from './sagas-notifier';
import { registerLiveHandlers, type LivePresenter } from './handlers';
import { resolveLiveOptions, type LiveOptions } from './options';
import { LiveRelay } from './relay';
import { startRoomPusher, type LiveSnapshots } from './rooms';
import type { LiveServer } from './socket-server';

export interface LiveLayerOptions {
  io: LiveServer;
  /** The server's connection (registry, TIME, replays); never closed here. */
  redis: Redis;
  keys: Keys;
  log: BusLogger;
  options?: Partial<LiveOptions>;
  snapshots: LiveSnapshots;
  /** Masks tail frames for each socket's principal (server/access). */
  presenter: LivePresenter;
  /**
   * A dedicated connection for the relay's blocking XREAD. Default: `redis.duplicate()`. Either way the
   * live layer owns it and disconnects it on `stop()`.
   */
  reader?: Redis;
}

export interface LiveLayer {
  status(): LiveStatus;
  /** Stops the read loop, the flush and push timers; sockets stay to their owner. */
  stop(): Promise<void>;
}

/**
 * The live layer: topology and metrics rooms, event tails through one shared relay, dead-letter and
 * saga change notices.
 */
export function startLiveLayer({
  io,
  redis,
  keys,
  log,
  options,
  snapshots,
  presenter,
  reader,
}: LiveLayerOptions): LiveLayer {
  const resolved = resolveLiveOptions(options);
  const readerConnection = reader ?? redis.duplicate({ connectionName: 'eventlens:live-relay' });
  readerConnection.on('error', (error: Error) => {
    // read errors surface through the relay's loop (logged, counted, in status())
    log.debug({ err: error.message }, 'live relay connection error');
  });
  const relay = new LiveRelay({
    redis,
    reader: readerConnection,
    keys,
    registry: new TopicRegistry(redis, keys),
    options: resolved,
    log,
  });
  const rooms = startRoomPusher({ io, snapshots, intervalMs: resolved.snapshotMs, log });
  const deadLetters = snapshots.deadLetters
    ? startDeadLettersNotifier({ io, pulse: () => snapshots.deadLetters!(), log })
    : null;
  // the SUBSCRIBE waits for the connection rather than failing fast; ioredis renews it on reconnect
  const sagaSubscriber = redis.duplicate({
    connectionName: 'eventlens:live-sagas',
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
  });
  sagaSubscriber.on('error', (error: Error) => {
    log.debug({ err: error.message }, 'live saga notices connection error');
  });
  const sagas = startSagasNotifier({ io, subscriber: sagaSubscriber, channel: keys.sagaChanges(), log });
  registerLiveHandlers(io, relay, rooms, log, presenter);
  relay.start();
  return {
    status: () => ({ ...relay.status(), rooms: rooms.status() }),
    stop: async () => {
      deadLetters?.stop();
      await sagas.stop();
      rooms.stop();
      await relay.stop();
    },
  };
}
