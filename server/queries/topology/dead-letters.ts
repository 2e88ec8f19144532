import type { BusState } from '@/server/contracts/bus-state';
import { splitGroupKey } from '@/server/contracts/names';
import { DEAD_LETTER_NODE_ID, type TopologyNode } from '@/server/contracts/topology';
import { perSecond, type WindowSums } from '../rollup-window';
import type { EdgeSet } from './edge-set';
import type { GroupDrafts } from './groups';
import type { DeadLetterCount } from './inputs';

export type DeadLetterNode = Extract<TopologyNode, { kind: 'dead-letters' }>;

/**
 * The one dead-letter node and a group → dead letters edge for every group with recorded dead letters
 * or dead letters in the last minute's rollups. Degraded while any wait, in the store or in Redis.
 */
export function addDeadLetters(
  edges: EdgeSet,
  counts: readonly DeadLetterCount[],
  sums: WindowSums,
  state: BusState | null,
  groups: GroupDrafts,
): DeadLetterNode {
  const node: DeadLetterNode = {
    id: DEAD_LETTER_NODE_ID,
    kind: 'dead-letters',
    name: 'dead letters',
    health: 'ok',
    pending: 0,
    inStreams: state ? state.topics.reduce((sum, t) => sum + t.deadLetters, 0) : null,
  };
  const recordedByGroup = new Map<string, number>();
  for (const row of counts) {
    if (row.status === 'pending') node.pending += row.n;
    recordedByGroup.set(row.group, (recordedByGroup.get(row.group) ?? 0) + row.n);
  }
  node.health = node.pending > 0 || (node.inStreams ?? 0) > 0 ? 'degraded' : 'ok';
  const lastMinuteByGroup = deadLetteredByGroup(sums);
  for (const name of new Set([...recordedByGroup.keys(), ...lastMinuteByGroup.keys()])) {
    edges.add({
      kind: 'dead-letters',
      from: groups.node(name).id,
      to: DEAD_LETTER_NODE_ID,
      eventsPerSec: perSecond(lastMinuteByGroup.get(name) ?? 0),
      errorRate: null,
      p50Ms: null,
      p95Ms: null,
      lagModel: null,
      totalEvents: recordedByGroup.get(name) ?? 0,
      totalFailures: 0,
      lastSeenAt: null,
    });
  }
  return node;
}

/** Dead letters of the last minute per group, summed over the group's topics. */
function deadLetteredByGroup(sums: WindowSums): Map<string, number> {
  const byGroup = new Map<string, number>();
  for (const [key, window] of sums.groups) {
    const split = splitGroupKey(key);
    if (split && window.deadLettered > 0) {
      byGroup.set(split.group, (byGroup.get(split.group) ?? 0) + window.deadLettered);
    }
  }
  return byGroup;
}
