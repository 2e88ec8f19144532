/** Hand-built Redis-side snapshots for read-model tests (what server/bus/inspect would return). */
import type {
  BusState,
  ConsumerInfo,
  ConsumerPresence,
  GroupInfo,
  ServicePresence,
} from '@/server/contracts/bus-state';

export function consumerInfo(name: string, overrides: Partial<ConsumerInfo> = {}): ConsumerInfo {
  return { name, pending: 0, idleMs: 100, inactiveMs: null, ...overrides };
}

export function groupInfo(name: string, overrides: Partial<GroupInfo> = {}): GroupInfo {
  const consumerList = overrides.consumerList ?? [];
  return {
    name,
    consumers: consumerList.length,
    pending: consumerList.reduce((sum, c) => sum + c.pending, 0),
    lastDeliveredId: '0-0',
    entriesRead: 0,
    lag: 0,
    oldestPendingId: null,
    consumerList,
    ...overrides,
  };
}

export function servicePresence(
  service: string,
  lastSeen: number,
  overrides: Partial<ServicePresence> = {},
): ServicePresence {
  return {
    service,
    source: `/services/${service}`,
    host: 'test-host',
    pid: 1,
    publishes: [],
    subscriptions: [],
    lastSeen,
    ...overrides,
  };
}

export function consumerPresence(
  group: string,
  consumer: string,
  lastSeen: number,
  overrides: Partial<ConsumerPresence> = {},
): ConsumerPresence {
  return {
    service: group,
    group,
    consumer,
    topics: [],
    host: 'test-host',
    pid: 1,
    state: 'running',
    inFlight: 0,
    lastSeen,
    ...overrides,
  };
}

export function busState(overrides: Partial<BusState> = {}): BusState {
  return {
    at: Date.now(),
    topics: [],
    presence: { services: [], consumers: [], processors: [], invalid: 0 },
    ...overrides,
  };
}
