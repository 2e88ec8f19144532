/**
 * What Redis says now, for route handlers: app/ may not import the bus, so reads from
 * server/bus/inspect reach the API through here. Strict reads throw BusUnavailableError (HTTP 503)
 * when Redis is unreachable, BusKeyNotFoundError (404) or BusWrongTypeError (409) for a key;
 * `readBusState` never throws, so pages that combine Redis with the store still answer when Redis is away.
 */
import type { Redis } from 'ioredis';
import { withDeadline } from '@/server/bus/deadline';
import {
  describeTopics,
  inspectBus,
  inspectGroups,
  inspectStreams,
  type GroupsOptions,
  type StreamsOptions,
} from '@/server/bus/inspect';
import type { Keys } from '@/server/bus/keys';
import type { BusRead, GroupInspection, StreamState } from '@/server/contracts/bus-state';

export interface BusClients {
  redis: Redis;
  keys: Keys;
  /**
   * EventLens' own consumer groups (the recorder's): left out of `readBusState`, so the flow graph and
   * the overview show the application's groups only. The streams page (readGroupInspections) keeps them.
   */
  internalGroups?: readonly string[];
}

/** How long `readBusState` waits for Redis before serving the store's half alone. */
export const BUS_READ_TIMEOUT_MS = 2_000;

export function readStreamStates(clients: BusClients, options: StreamsOptions = {}): Promise<StreamState[]> {
  return inspectStreams(clients.redis, clients.keys, options);
}

export function readGroupInspections(
  clients: BusClients,
  options: GroupsOptions,
): Promise<GroupInspection[]> {
  return inspectGroups(clients.redis, clients.keys, options);
}

/** The bus at a glance, or why it could not be read (within `timeoutMs`). Never throws. */
export async function readBusState(clients: BusClients, timeoutMs = BUS_READ_TIMEOUT_MS): Promise<BusRead> {
  try {
    const state = await withDeadline(inspectBus(clients.redis, clients.keys), timeoutMs, () => {
      throw new Error(`Redis did not answer within ${timeoutMs} ms`);
    });
    const hidden = new Set(clients.internalGroups ?? []);
    // EventLens' own request topics (aggregate inspection) are not part of the application's flows
    const ownTopics = state.topics.filter((t) => !clients.keys.isInternalTopic(t.topic));
    if (hidden.size === 0 && ownTopics.length === state.topics.length) return { ok: true, state };
    const topics = ownTopics.map((t) => ({ ...t, groups: t.groups.filter((g) => !hidden.has(g.name)) }));
    return { ok: true, state: { ...state, topics } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The lag Redis reports now for one group on one topic (XINFO GROUPS); null when the group is not
 * there, Redis cannot say, or does not answer within `timeoutMs`. Never throws: a chart falls back to
 * what was recorded.
 */
export async function readGroupLag(
  clients: BusClients,
  topic: string,
  group: string,
  timeoutMs = BUS_READ_TIMEOUT_MS,
): Promise<number | null> {
  try {
    const [info] = await withDeadline(describeTopics(clients.redis, clients.keys, [topic]), timeoutMs, () => {
      throw new Error(`Redis did not answer within ${timeoutMs} ms`);
    });
    return info?.groups.find((g) => g.name === group)?.lag ?? null;
  } catch {
    return null;
  }
}
