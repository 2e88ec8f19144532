import { PRESENCE_STALE_MS, type BusState } from '@/server/contracts/bus-state';
import { DEFAULT_STUCK_AFTER_MS } from '@/server/contracts/groups';
import type { UnhealthyConsumer } from '@/server/contracts/overview';

/**
 * Consumers that need an operator: SDK consumers whose heartbeat went silent or whose circuit breaker
 * is open, and any consumer (SDK or not) that holds pending entries without reading for `stuckAfterMs`.
 * One entry per group/consumer, the heartbeat's reason first.
 */
export function findUnhealthyConsumers(
  bus: BusState,
  now: number,
  stuckAfterMs = DEFAULT_STUCK_AFTER_MS,
): UnhealthyConsumer[] {
  const found = new Map<string, UnhealthyConsumer>();
  for (const beat of bus.presence.consumers) {
    const silent = now - beat.lastSeen >= PRESENCE_STALE_MS;
    const reason = silent
      ? 'silent'
      : beat.state === 'open'
        ? 'breaker-open'
        : beat.state === 'half-open'
          ? 'breaker-half-open'
          : null;
    if (!reason) continue;
    found.set(`${beat.group}/${beat.consumer}`, {
      topic: beat.topics.length === 1 ? (beat.topics[0] ?? null) : null,
      group: beat.group,
      consumer: beat.consumer,
      service: beat.service,
      reason,
      pending: null,
      idleMs: null,
      lastSeenAt: new Date(beat.lastSeen).toISOString(),
    });
  }
  const services = new Map(bus.presence.consumers.map((c) => [`${c.group}/${c.consumer}`, c]));
  for (const topic of bus.topics) {
    for (const group of topic.groups) {
      for (const consumer of group.consumerList) {
        const key = `${group.name}/${consumer.name}`;
        const known = found.get(key);
        if (known) {
          known.pending = (known.pending ?? 0) + consumer.pending;
          known.idleMs = Math.max(known.idleMs ?? 0, consumer.idleMs);
          continue;
        }
        if (consumer.pending === 0 || consumer.idleMs < stuckAfterMs) continue;
        const beat = services.get(key);
        found.set(key, {
          topic: topic.topic,
          group: group.name,
          consumer: consumer.name,
          service: beat?.service ?? null,
          reason: 'idle-with-pending',
          pending: consumer.pending,
          idleMs: consumer.idleMs,
          lastSeenAt: beat ? new Date(beat.lastSeen).toISOString() : null,
        });
      }
    }
  }
  return [...found.values()].sort(
    (a, b) => a.group.localeCompare(b.group) || a.consumer.localeCompare(b.consumer),
  );
}
