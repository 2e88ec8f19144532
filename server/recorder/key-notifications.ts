/**
 * New streams from Redis keyspace notifications, so that a stream written by anything (`redis-cli XADD`)
 * is recorded within a read round instead of at the next keyspace SCAN.
 *
 * EventLens changes `notify-keyspace-events` only when it was told it may (EVENTLENS_MANAGE_NOTIFICATIONS,
 * or the private redis-server of demo mode), and then only adds flags, never removes one. Otherwise it
 * listens only if the server already publishes the events it needs, and says why when it does not: a
 * user's Redis configuration is never changed silently. New-key events (`n`, Redis 7) are preferred: one
 * message per key created, where `xadd` events come once per entry written.
 *
 * The SCAN stays: it finds streams created while nobody listened (EventLens down, a reconnect), and it
 * is the only way when notifications are not available.
 */
import { ReplyError, type Redis } from 'ioredis';
import type { Logger } from './logger';

export type KeyEvent = 'new' | 'xadd';

/** Who allowed EventLens to change `notify-keyspace-events`, or false when nobody did. */
export type NotificationsManagement = false | 'env' | 'private-server';

export interface DiscoveryStatus {
  /** `managed`: EventLens enabled the events; `server`: the server already had them; `scan`: neither. */
  mode: 'managed' | 'server' | 'scan';
  /** The keyevent listened to, when notified. */
  event: KeyEvent | null;
  /** The keyspace SCAN's period, which runs in every mode. */
  scanEveryMs: number;
  /** Why this mode, in one sentence for the Settings page. */
  reason: string;
}

export interface KeyNotificationsOptions {
  manage: NotificationsManagement;
  scanEveryMs: number;
  connectionName: string;
  log: Logger;
  /** A key was created (or, with `xadd` events, appended to). */
  onKey(key: string): void;
  /** Notifications may have been missed (the subscriber reconnected): a SCAN is owed. */
  onMissed(): void;
}

const NEW_KEY_FLAGS = 'En';
const STREAM_FLAGS = 'Et';

/** The keyevent these `notify-keyspace-events` flags publish that reveals new streams, if any. */
export function keyEventFor(flags: string): KeyEvent | null {
  if (!flags.includes('E')) return null;
  if (flags.includes('n')) return 'new';
  return /[tA]/.test(flags) ? 'xadd' : null;
}

/** `flags` with every flag of `wanted` added; none of the user's removed. */
export function mergeFlags(flags: string, wanted: string): string {
  return flags + [...wanted].filter((flag) => !flags.includes(flag)).join('');
}

const describeFlags = (flags: string): string => (flags === '' ? 'off' : `"${flags}"`);

export class KeyNotifications {
  private subscriber: Redis | null = null;
  private current: DiscoveryStatus;
  private subscribedTo: KeyEvent | null = null;
  private stopped = false;
  private recheckDue = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: KeyNotificationsOptions,
  ) {
    this.current = this.scanOnly('keyspace notifications not checked yet');
  }

  status(): DiscoveryStatus {
    return this.current;
  }

  /**
   * Decides the mode and subscribes when notified. Falls back to scanning when the server refuses
   * (CONFIG renamed or forbidden, no such flags); throws only when Redis could not be reached.
   */
  async start(): Promise<void> {
    const decided = await this.decide();
    this.current = decided;
    if (this.stopped) return;
    if (decided.event === null) {
      this.options.log.info({ reason: decided.reason }, 'stream discovery by scan only');
      return;
    }
    try {
      await this.subscribe(decided.event);
      this.options.log.info(
        { mode: decided.mode, event: decided.event },
        'stream discovery by notifications',
      );
    } catch (error) {
      if (!isReply(error)) throw error;
      this.current = this.scanOnly(`SUBSCRIBE to key events failed (${error.message})`);
    }
  }

  /**
   * Decides again after the subscriber reconnected (managed: sets the flags again). The recorder calls
   * it every read round, so that a failure is retried with the round's backoff; throws as start() does.
   */
  async recheck(): Promise<void> {
    if (!this.recheckDue || this.subscribedTo === null) return;
    const decided = await this.decide();
    this.recheckDue = false;
    // still subscribed to the event chosen at start; the flags decide whether it still arrives
    this.current = decided.event === null ? decided : { ...decided, event: this.subscribedTo };
  }

  stop(): void {
    this.stopped = true;
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  private async decide(): Promise<DiscoveryStatus> {
    let flags: string;
    try {
      flags = await readFlags(this.redis);
    } catch (error) {
      if (!isReply(error)) throw error;
      return this.scanOnly(`CONFIG GET is not available (${error.message}), so notifications are not used`);
    }
    const present = keyEventFor(flags);
    if (!this.options.manage) {
      if (present) {
        return this.notified('server', present, `notify-keyspace-events is "${flags}" on this server`);
      }
      return this.scanOnly(
        `notify-keyspace-events is ${describeFlags(flags)} on this server; EventLens leaves it as it is ` +
          `unless EVENTLENS_MANAGE_NOTIFICATIONS=1 (or add "${NEW_KEY_FLAGS}" yourself)`,
      );
    }
    if (present === 'new')
      return this.notified('managed', 'new', `notify-keyspace-events is already "${flags}" on this server`);
    const allowedBy =
      this.options.manage === 'env' ? 'EVENTLENS_MANAGE_NOTIFICATIONS=1' : "demo mode's private redis-server";
    const failures: string[] = [];
    for (const wanted of [NEW_KEY_FLAGS, STREAM_FLAGS]) {
      const merged = mergeFlags(flags, wanted);
      try {
        await this.redis.config('SET', 'notify-keyspace-events', merged);
        const event = keyEventFor(await readFlags(this.redis));
        if (event) {
          return this.notified(
            'managed',
            event,
            `allowed by ${allowedBy}, EventLens set notify-keyspace-events to "${merged}" (it was ${describeFlags(flags)})`,
          );
        }
      } catch (error) {
        if (!isReply(error)) throw error;
        failures.push(error.message);
        if (present) break; // an older server without new-key events: its stream events will do
      }
    }
    if (present)
      return this.notified('managed', present, `notify-keyspace-events is already "${flags}" on this server`);
    return this.scanOnly(
      `allowed by ${allowedBy}, EventLens tried to add new-key events, but CONFIG SET failed (${failures.join('; ')})`,
    );
  }

  private async subscribe(event: KeyEvent): Promise<void> {
    const db = this.redis.options.db ?? 0;
    const subscriber = this.redis.duplicate({
      connectionName: this.options.connectionName,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    subscriber.on('error', () => {
      // reconnects on its own; the command connection reports outages
    });
    subscriber.on('message', (_channel: string, key: string) => this.options.onKey(key));
    subscriber.on('ready', () => {
      // ioredis subscribes again by itself; what was created meanwhile is the SCAN's to find
      if (this.subscribedTo !== null) this.reconnected();
    });
    this.subscriber = subscriber;
    try {
      await subscriber.subscribe(`__keyevent@${db}__:${event}`);
    } catch (error) {
      subscriber.disconnect();
      throw error;
    }
    this.subscribedTo = event;
  }

  /** After a reconnect: a SCAN is owed, and Redis may have restarted without the flags set before. */
  private reconnected(): void {
    this.options.onMissed();
    this.recheckDue = true;
  }

  private notified(mode: 'managed' | 'server', event: KeyEvent, reason: string): DiscoveryStatus {
    return { mode, event, scanEveryMs: this.options.scanEveryMs, reason };
  }

  private scanOnly(reason: string): DiscoveryStatus {
    return { mode: 'scan', event: null, scanEveryMs: this.options.scanEveryMs, reason };
  }
}

/** Redis answered with an error (as opposed to not answering). */
const isReply = (error: unknown): error is Error => error instanceof ReplyError;

async function readFlags(redis: Redis): Promise<string> {
  const reply = (await redis.config('GET', 'notify-keyspace-events')) as unknown as string[];
  return reply[1] ?? '';
}
