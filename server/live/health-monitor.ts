import type { Health } from '@/server/contracts/health';
import type { LiveServer } from './socket-server';

export interface HealthMonitorOptions {
  probe: () => Promise<Health>;
  io: LiveServer;
  /** How often to probe; the indicator must turn within 5 s of an outage. */
  intervalMs?: number;
  /** Re-broadcast an unchanged status this often so late listeners and clock displays stay fresh. */
  heartbeatMs?: number;
  /**
   * Consecutive failed probes of a dependency that was up before it is reported down. A store busy for
   * a second (a burst of writes, a checkpoint) is slow, not unreachable: one failed probe is probed
   * again before every page says "unreachable". Default 2, which still turns within 5 s.
   */
  confirmFailures?: number;
  onChange?: (previous: Health | null, next: Health) => void;
}

export interface HealthMonitor {
  current(): Health | null;
  stop(): void;
}

/**
 * Probes on an interval, broadcasts `health:update` on change (and as a heartbeat), answers `health:get`
 * and `current()` (what /api/health serves). A dependency going down is reported once confirmed.
 */
export function startHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const intervalMs = options.intervalMs ?? 1_000;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  let latest: Health | null = null;
  let lastBroadcast = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const confirmFailures = Math.max(1, options.confirmFailures ?? 2);
  let unconfirmed = 0;

  const tick = async (): Promise<void> => {
    const next = await options.probe();
    if (stopped) return;
    if (latest && newlyDown(latest, next) && ++unconfirmed < confirmFailures) {
      timer = setTimeout(() => void tick(), intervalMs);
      return;
    }
    unconfirmed = 0;
    const changed = !latest || fingerprint(latest) !== fingerprint(next);
    const newCause = !latest || causes(latest) !== causes(next);
    if (changed) options.onChange?.(latest, next);
    latest = next;
    if (changed || newCause || Date.now() - lastBroadcast >= heartbeatMs) {
      lastBroadcast = Date.now();
      options.io.emit('health:update', next);
    }
    timer = setTimeout(() => void tick(), intervalMs);
  };

  options.io.on('connection', (socket) => {
    if (latest) socket.emit('health:update', latest);
    socket.on('health:get', (ack) => {
      if (typeof ack !== 'function') return;
      void (latest ? Promise.resolve(latest) : options.probe()).then(ack);
    });
  });

  void tick();
  return {
    current: () => latest,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

const newlyDown = (before: Health, now: Health): boolean =>
  (before.redis.ok && !now.redis.ok) || (before.store.ok && !now.store.ok);
const fingerprint = (h: Health): string => `${h.status}|${h.redis.ok}|${h.store.ok}`;
// a page shows the current cause of an outage, not its first (the log only hears of status changes)
const causes = (h: Health): string => `${h.redis.error ?? ''}|${h.store.error ?? ''}`;
