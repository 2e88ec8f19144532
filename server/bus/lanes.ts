import type { Keys } from './keys';

/**
 * A subscription reads each of its topics through two streams ("lanes"): the topic's stream, shared by
 * every group, and the group's own redelivery stream of the topic, where a replay to this group only
 * puts events. An entry's id is only unique within its stream, so everything that names an entry
 * (acks, failure records, pending lookups, dead letters) goes through the lane it came from.
 */
export interface LaneRef {
  topic: string;
  /** true for the group's redelivery stream of the topic. */
  redelivery?: boolean;
}

/** The stream an entry of this lane lives in. */
export function laneStream(keys: Keys, group: string, lane: LaneRef): string {
  return lane.redelivery ? keys.redelivery(lane.topic, group) : keys.stream(lane.topic);
}

/** The group's failure records of this lane's entries. */
export function laneFailures(keys: Keys, group: string, lane: LaneRef): string {
  return lane.redelivery ? keys.redeliveryFailures(lane.topic, group) : keys.failures(lane.topic, group);
}

/** Both lanes of each topic, in read order: the topic streams first, then the redelivery streams. */
export function lanesOf(topics: readonly string[]): LaneRef[] {
  return [...topics.map((topic) => ({ topic })), ...topics.map((topic) => ({ topic, redelivery: true }))];
}

/** Map key of an entry, unique across both lanes of every topic. */
export function entryKey(lane: LaneRef, entryId: string): string {
  return `${lane.topic}\u0000${lane.redelivery ? 'r' : ''}\u0000${entryId}`;
}
