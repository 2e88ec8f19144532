import { and, count, gte, lte } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import type { BusRead } from '@/server/contracts/bus-state';
import { DEFAULT_STUCK_AFTER_MS } from '@/server/contracts/groups';
import { MAX_UNHEALTHY_LISTED, type Overview } from '@/server/contracts/overview';
import { nodeId } from '@/server/contracts/topology';
import { worstOf } from '@/server/lag';
import { findUnhealthyConsumers } from './consumer-health';
import { emptySums, errorRate, lastMinuteSums, perSecond, RATE_WINDOW_MS } from './rollup-window';
import { deadLetterPulse } from './dead-letter-pulse';
import { getTopology } from './topology';

/**
 * The console's front page in one read: rates and error rate over the last minute (rollups), dead
 * letters (store and Redis), the group furthest behind and the consumers that need attention (Redis).
 * When Redis does not answer, the store's half is served and `redis.ok` is false.
 */
export async function getOverview(db: Db, bus: BusRead, now = new Date()): Promise<Overview> {
  const sums = await lastMinuteSums(db, now);
  const [pulse, recent, topology] = await Promise.all([
    deadLetterPulse(db),
    // straight from the recorded dead letters: no waiting for a rollup bucket to close
    db
      .select({ n: count() })
      .from(deadLetters)
      .where(
        and(
          gte(deadLetters.lastFailureAt, new Date(now.getTime() - RATE_WINDOW_MS)),
          lte(deadLetters.lastFailureAt, now),
        ),
      ),
    getTopology(db, bus, now, sums),
  ]);

  let published = 0;
  for (const window of sums.topics.values()) published += window.count;
  const deliveries = emptySums();
  for (const window of sums.groups.values()) {
    deliveries.count += window.count;
    deliveries.failed += window.failed;
    deliveries.retried += window.retried;
  }

  const state = bus.ok ? bus.state : null;
  const consumers = new Set<string>();
  const lagging: NonNullable<Overview['worstLag']>[] = [];
  const edges = new Map(topology.edges.map((e) => [`${e.from}->${e.to}`, e]));
  for (const topic of state?.topics ?? []) {
    for (const group of topic.groups) {
      const model = edges.get(`${nodeId.topic(topic.topic)}->${nodeId.group(group.name)}`)?.lagModel;
      if (group.lag !== null && model) {
        lagging.push({ topic: topic.topic, group: group.name, lag: group.lag, lagModel: model });
      }
      for (const consumer of group.consumerList) consumers.add(`${group.name}/${consumer.name}`);
    }
  }
  const worstLag = worstOf(lagging, (entry) => entry.lagModel);
  for (const beat of state?.presence.consumers ?? []) consumers.add(`${beat.group}/${beat.consumer}`);
  const unhealthy = state ? findUnhealthyConsumers(state, now.getTime(), DEFAULT_STUCK_AFTER_MS) : [];

  const nodes = topology.nodes;
  const services = nodes.filter((n) => n.kind === 'service');
  return {
    generatedAt: now.toISOString(),
    windowSeconds: RATE_WINDOW_MS / 1000,
    eventsPerSec: perSecond(published),
    handledPerSec: perSecond(deliveries.count),
    errorRate: errorRate(deliveries),
    deadLetters: {
      pending: pulse.pending,
      lastMinute: Number(recent[0]?.n ?? 0),
      inStreams: state ? state.topics.reduce((sum, t) => sum + t.deadLetters, 0) : null,
    },
    worstLag,
    topics: nodes.filter((n) => n.kind === 'topic').length,
    groups: nodes.filter((n) => n.kind === 'group').length,
    services: { total: services.length, live: services.filter((s) => s.live === true).length },
    consumers: { total: consumers.size, unhealthy: unhealthy.length },
    unhealthyConsumers: unhealthy.slice(0, MAX_UNHEALTHY_LISTED),
    redis: bus.ok ? { ok: true } : { ok: false, error: bus.error },
  };
}
