import type { LagModel } from '@/server/contracts/lag';
import { splitGroupKey } from '@/server/contracts/names';
import { percentile } from '../histogram';
import { emptySums, errorRate, perSecond, type WindowSums } from '../rollup-window';
import type { EdgeSet } from './edge-set';
import type { GroupDrafts } from './groups';
import type { RecordedEdge } from './inputs';
import { laterIso } from './times';
import type { TopicNodes } from './topics';

/** One topic delivering to one group: recorded totals, or zeros when only Redis or a heartbeat knows it. */
interface Delivery {
  topic: string;
  group: string;
  events: number;
  failures: number;
  lastSeenAt: string | null;
}

/**
 * Topic → group edges: those recorded, plus every (topic, group) pair Redis and heartbeats name, so a
 * group that has not handled anything yet is still connected. Rates and latency come from the group's
 * rollups of the last minute on that topic.
 */
export function addDeliversEdges(
  edges: EdgeSet,
  recorded: readonly RecordedEdge[],
  groups: GroupDrafts,
  topics: TopicNodes,
  sums: WindowSums,
  /** By `<topic>/<group>`. */
  lagModels: ReadonlyMap<string, LagModel>,
): void {
  for (const d of collectDeliveries(recorded, groups)) {
    const topic = topics.get(d.topic);
    const group = groups.addTopic(d.group, d.topic);
    const window = sums.groups.get(`${d.topic}/${d.group}`) ?? emptySums();
    edges.add({
      kind: 'delivers',
      from: topic.id,
      to: group.id,
      eventsPerSec: perSecond(window.count),
      errorRate: errorRate(window),
      p50Ms: percentile(window.buckets, 0.5, window.latencyMaxMs || null),
      p95Ms: percentile(window.buckets, 0.95, window.latencyMaxMs || null),
      totalEvents: d.events,
      totalFailures: d.failures,
      lastSeenAt: d.lastSeenAt,
      lagModel: lagModels.get(`${d.topic}/${d.group}`) ?? null,
    });
  }
}

function collectDeliveries(recorded: readonly RecordedEdge[], groups: GroupDrafts): Iterable<Delivery> {
  const deliveries = new Map<string, Delivery>();
  const delivery = (topic: string, group: string): Delivery => {
    const key = `${topic}/${group}`;
    let entry = deliveries.get(key);
    if (!entry) {
      entry = { topic, group, events: 0, failures: 0, lastSeenAt: null };
      deliveries.set(key, entry);
    }
    return entry;
  };
  for (const row of recorded) {
    if (row.kind !== 'delivers') continue;
    const entry = delivery(row.from, recordedGroupName(row));
    entry.events += row.events;
    entry.failures += row.failures;
    entry.lastSeenAt = laterIso(entry.lastSeenAt, row.lastSeenAt.toISOString());
  }
  for (const [name, groupTopics] of groups.topicsByGroup()) {
    for (const topic of groupTopics) delivery(topic, name);
  }
  return deliveries.values();
}

/** A row may name its group by the `<topic>/<group>` key; both namings are one group node. */
function recordedGroupName(row: RecordedEdge): string {
  const split = splitGroupKey(row.to);
  return split && split.topic === row.from ? split.group : row.to;
}
