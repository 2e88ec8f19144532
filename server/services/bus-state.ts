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
import { CONSOLE_SERVICE } from './console-identity';
import type { BusRead, BusState, GroupInspection, StreamState } from '@/server/contracts/bus-state';
import { isInternalGroup } from '@/server/contracts/groups';

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
    return { ok: true, state: withoutInternal(state, clients) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The application's part of the bus: without EventLens' own groups (when asked) and its request topics
 * (aggregate inspection), nor the console's own process (CONSOLE_SERVICE), which only asks on those.
 */
function withoutInternal(state: BusState, clients: BusClients): BusState {
  const own = clients.internalGroups ?? [];
  const hidden = (name: string): boolean => own.length > 0 && isInternalGroup(name, own);
  const internal = (topic: string): boolean => clients.keys.isInternalTopic(topic);
  const touchesInternal =
    state.topics.some((t) => internal(t.topic)) ||
    state.presence.services.some((s) => s.service === CONSOLE_SERVICE || s.publishes.some(internal));
  if (own.length === 0 && !touchesInternal) return state;
  const topics = state.topics
    .filter((t) => !internal(t.topic))
    .map((t) => ({ ...t, groups: t.groups.filter((g) => !hidden(g.name)) }));
  // a process whose only traffic was EventLens' own (the console asking for states) is not a service
  const services = state.presence.services.flatMap((s) => {
    if (s.service === CONSOLE_SERVICE) return [];
    const publishes = s.publishes.filter((topic) => !internal(topic));
    const subscriptions = s.subscriptions.filter((group) => !hidden(group));
    const hadAny = s.publishes.length + s.subscriptions.length > 0;
    return hadAny && publishes.length + subscriptions.length === 0
      ? []
      : [{ ...s, publishes, subscriptions }];
  });
  const consumers = state.presence.consumers.filter(
    (c) => !hidden(c.group) && !(c.topics.length > 0 && c.topics.every(internal)),
  );
  return { ...state, topics, presence: { ...state.presence, services, consumers } };
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
