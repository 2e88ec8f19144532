import type { LagModel } from '@/server/contracts/lag';
import { worstOf } from '@/server/lag';
import { PRESENCE_STALE_MS, type ConsumerPresence, type TopicInfo } from '@/server/contracts/bus-state';
import type { UnhealthyConsumer } from '@/server/contracts/overview';
import {
  DEGRADED_ERROR_RATE,
  FAILING_ERROR_RATE,
  nodeId,
  type NodeHealth,
  type TopologyNode,
} from '@/server/contracts/topology';
import { emptySums, errorRate, perSecond, type RollupSums, type WindowSums } from '../rollup-window';
import { lagAge, type OldestWaiting } from './lag-age';

export type GroupNode = Extract<TopologyNode, { kind: 'group' }>;

/** What a group node is built from before its health is decided. */
interface GroupDraft {
  node: GroupNode;
  topics: Set<string>;
  services: Set<string>;
  consumers: Set<string>;
  heartbeats: number;
  /** Per topic the group reads in Redis: how old its oldest waiting entry is (null: unknown). */
  lagAges: (number | null)[];
  /** Per topic the group reads in Redis: the lag model. */
  lagModels: { topic: string; model: LagModel }[];
}

/**
 * Consumer groups as Redis and heartbeats describe them, plus those only the recorded graph names.
 * A group may read several topics: its lag, pending and rates are summed over them.
 */
export class GroupDrafts {
  private readonly byName = new Map<string, GroupDraft>();

  constructor(private readonly nowMs: number) {}

  /** The group's node, created on first mention. */
  node(name: string): GroupNode {
    return this.draft(name).node;
  }

  addTopic(name: string, topic: string): GroupNode {
    const draft = this.draft(name);
    draft.topics.add(topic);
    return draft.node;
  }

  /** Each group with the topics it is known to read so far. */
  *topicsByGroup(): Iterable<[string, ReadonlySet<string>]> {
    for (const [name, draft] of this.byName) yield [name, draft.topics];
  }

  addFromRedis(
    topics: readonly TopicInfo[],
    oldestWaiting: OldestWaiting,
    lagModels: ReadonlyMap<string, LagModel>,
  ): void {
    for (const info of topics) {
      for (const g of info.groups) {
        const draft = this.draft(g.name);
        draft.topics.add(info.topic);
        for (const consumer of g.consumerList) draft.consumers.add(consumer.name);
        draft.node.pending += g.pending;
        if (g.lag !== null) draft.node.lag = (draft.node.lag ?? 0) + g.lag;
        draft.lagAges.push(lagAge(oldestWaiting, info.topic, g, this.nowMs));
        const model = lagModels.get(`${info.topic}/${g.name}`);
        if (model) draft.lagModels.push({ topic: info.topic, model });
      }
    }
  }

  addHeartbeats(consumers: readonly ConsumerPresence[]): void {
    for (const beat of consumers) {
      const draft = this.draft(beat.group);
      for (const t of beat.topics) draft.topics.add(t);
      draft.services.add(beat.service);
      draft.consumers.add(beat.consumer);
      draft.heartbeats += 1;
      if (this.nowMs - beat.lastSeen < PRESENCE_STALE_MS) draft.node.liveConsumers += 1;
    }
  }

  /** Rates, lag age and health of every group known so far, once all their topics are known. */
  finish(sums: WindowSums, unhealthy: readonly UnhealthyConsumer[], redisOk: boolean): void {
    for (const [name, draft] of this.byName) {
      const window = groupWindow(sums, name, draft.topics);
      const node = draft.node;
      node.topics = [...draft.topics].sort();
      node.services = [...draft.services].sort();
      node.consumers = draft.consumers.size;
      node.handledPerSec = perSecond(window.count);
      node.errorRate = errorRate(window);
      node.lagAgeMs = oldestAge(draft.lagAges);
      const worst = worstOf(draft.lagModels, (entry) => entry.model);
      node.lagModel = worst?.model ?? null;
      node.lagTopic = worst?.topic ?? null;
      node.health = groupHealth(
        node,
        draft,
        unhealthy.some((u) => u.group === name),
        redisOk,
      );
    }
  }

  nodes(): GroupNode[] {
    return [...this.byName.values()].map((d) => d.node);
  }

  private draft(name: string): GroupDraft {
    let draft = this.byName.get(name);
    if (!draft) {
      draft = {
        node: emptyGroupNode(name),
        topics: new Set(),
        services: new Set(),
        consumers: new Set(),
        heartbeats: 0,
        lagAges: [],
        lagModels: [],
      };
      this.byName.set(name, draft);
    }
    return draft;
  }
}

function emptyGroupNode(name: string): GroupNode {
  return {
    id: nodeId.group(name),
    kind: 'group',
    name,
    health: 'unknown',
    topics: [],
    services: [],
    consumers: 0,
    liveConsumers: 0,
    lag: null,
    lagAgeMs: null,
    pending: 0,
    handledPerSec: 0,
    errorRate: 0,
    lagModel: null,
    lagTopic: null,
  };
}

/** The group is as far behind as its slowest topic; unknown ages do not count. */
function oldestAge(ages: readonly (number | null)[]): number | null {
  const known = ages.filter((age): age is number => age !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

/** The group's rollups of the last minute, summed over its topics. */
function groupWindow(sums: WindowSums, group: string, topics: Iterable<string>): RollupSums {
  const total = emptySums();
  for (const t of topics) {
    const window = sums.groups.get(`${t}/${group}`);
    if (!window) continue;
    total.count += window.count;
    total.failed += window.failed;
    total.retried += window.retried;
    total.deadLettered += window.deadLettered;
  }
  return total;
}

function groupHealth(
  node: GroupNode,
  draft: GroupDraft,
  hasUnhealthy: boolean,
  redisOk: boolean,
): NodeHealth {
  if (node.errorRate >= FAILING_ERROR_RATE) return 'failing';
  if (draft.heartbeats > 0 && node.liveConsumers === 0) return 'failing';
  if (node.errorRate >= DEGRADED_ERROR_RATE || hasUnhealthy) return 'degraded';
  if (node.lagModel?.tone === 'degraded') return 'degraded';
  return redisOk ? 'ok' : 'unknown';
}
