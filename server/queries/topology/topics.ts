import type { BusState } from '@/server/contracts/bus-state';
import { nodeId, type TopologyNode } from '@/server/contracts/topology';
import { perSecond, type WindowSums } from '../rollup-window';

export type TopicNode = Extract<TopologyNode, { kind: 'topic' }>;

/**
 * Topic nodes: those registered in Redis, and those only the recorded graph names. Only registered
 * topics have a length and a health; the others stay unknown rather than empty.
 */
export class TopicNodes {
  private readonly byName = new Map<string, TopicNode>();

  constructor(private readonly sums: WindowSums) {}

  /** The topic's node, created on first mention with its rate over the last minute. */
  get(name: string): TopicNode {
    let node = this.byName.get(name);
    if (!node) {
      node = {
        id: nodeId.topic(name),
        kind: 'topic',
        name,
        health: 'unknown',
        length: null,
        eventsPerSec: perSecond(this.sums.topics.get(name)?.count ?? 0),
        deadLetters: null,
      };
      this.byName.set(name, node);
    }
    return node;
  }

  addRegistered(topics: BusState['topics']): void {
    for (const info of topics) {
      const node = this.get(info.topic);
      node.health = 'ok';
      node.length = info.length;
      node.deadLetters = info.deadLetters;
    }
  }

  nodes(): TopicNode[] {
    return [...this.byName.values()];
  }
}
