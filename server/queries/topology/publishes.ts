import type { BusState } from '@/server/contracts/bus-state';
import { nodeId } from '@/server/contracts/topology';
import type { EdgeSet } from './edge-set';
import type { RecordedEdge } from './inputs';
import type { ServiceNodes } from './services';
import { laterIso } from './times';
import type { TopicNodes } from './topics';

/** One service publishing to one topic, as recorded or as a heartbeat announces it. */
interface Publish {
  service: string;
  topic: string;
  events: number;
  lastSeenAt: string | null;
}

/**
 * Service → topic edges. Rollups measure a topic's rate, not each publisher's: an edge gets the
 * topic's rate in proportion to its recorded volume, or an equal share when nothing is recorded yet.
 */
export function addPublishesEdges(
  edges: EdgeSet,
  recorded: readonly RecordedEdge[],
  presence: BusState['presence'] | undefined,
  services: ServiceNodes,
  topics: TopicNodes,
): void {
  const publishes = collectPublishes(recorded, presence, services);
  const shareOf = topicShares(publishes);
  for (const p of publishes) {
    services.get(p.service); // a publisher only the recorded graph names still appears
    const topic = topics.get(p.topic);
    const edge = edges.add({
      kind: 'publishes',
      from: nodeId.service(p.service),
      to: topic.id,
      eventsPerSec: 0,
      errorRate: null,
      p50Ms: null,
      p95Ms: null,
      lagModel: null,
      totalEvents: p.events,
      totalFailures: 0,
      lastSeenAt: p.lastSeenAt,
    });
    edge.eventsPerSec = round2(edge.eventsPerSec + topic.eventsPerSec * shareOf(p));
    edge.lastSeenAt = laterIso(edge.lastSeenAt, p.lastSeenAt);
  }
}

function collectPublishes(
  recorded: readonly RecordedEdge[],
  presence: BusState['presence'] | undefined,
  services: ServiceNodes,
): Publish[] {
  const publishes: Publish[] = [];
  for (const row of recorded) {
    if (row.kind !== 'publishes') continue;
    publishes.push({
      service: services.resolve(row.from),
      topic: row.to,
      events: row.events,
      lastSeenAt: row.lastSeenAt.toISOString(),
    });
  }
  for (const beat of presence?.services ?? []) {
    for (const t of beat.publishes)
      publishes.push({ service: beat.service, topic: t, events: 0, lastSeenAt: null });
  }
  return publishes;
}

/** Each publish's share of its topic's traffic. */
function topicShares(publishes: readonly Publish[]): (p: Publish) => number {
  const publishedByTopic = new Map<string, number>();
  const publishersByTopic = new Map<string, Set<string>>();
  for (const p of publishes) {
    publishedByTopic.set(p.topic, (publishedByTopic.get(p.topic) ?? 0) + p.events);
    const set = publishersByTopic.get(p.topic) ?? new Set<string>();
    set.add(p.service);
    publishersByTopic.set(p.topic, set);
  }
  return (p) => {
    const total = publishedByTopic.get(p.topic) ?? 0;
    return total > 0 ? p.events / total : 1 / (publishersByTopic.get(p.topic)?.size ?? 1);
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
