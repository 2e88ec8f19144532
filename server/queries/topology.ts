import { count, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters, serviceNodes, topologyEdges } from '@/db/schema';
import { PRESENCE_STALE_MS, type BusRead, type BusState } from '@/server/contracts/bus-state';
import { splitGroupKey } from '@/server/contracts/names';
import {
  DEAD_LETTER_NODE_ID,
  DEGRADED_ERROR_RATE,
  FAILING_ERROR_RATE,
  nodeId,
  type NodeHealth,
  type Topology,
  type TopologyEdge,
  type TopologyNode,
} from '@/server/contracts/topology';
import { findUnhealthyConsumers } from './consumer-health';
import { percentile } from './histogram';
import { selectRows } from './rows';
import {
  emptySums,
  errorRate,
  lastMinuteSums,
  perSecond,
  RATE_WINDOW_MS,
  type RollupSums,
  type WindowSums,
} from './rollup-window';

type ServiceNode = Extract<TopologyNode, { kind: 'service' }>;
type TopicNode = Extract<TopologyNode, { kind: 'topic' }>;
type GroupNode = Extract<TopologyNode, { kind: 'group' }>;
type DeadLetterNode = Extract<TopologyNode, { kind: 'dead-letters' }>;

/** What a group node is built from before its health is decided. */
interface GroupDraft {
  node: GroupNode;
  topics: Set<string>;
  services: Set<string>;
  consumers: Set<string>;
  heartbeats: number;
  lagKnown: boolean;
  /** Per topic the group reads in Redis: how old its oldest waiting entry is (null: unknown). */
  lagAges: (number | null)[];
}

/** Lagging groups look up their oldest waiting entry in at most this many (topic, position) pairs. */
const MAX_LAG_HEADS = 500;

/**
 * The flow graph: services → topics → groups → dead letters. The recorded graph (topology_edges,
 * service_nodes, dead_letters) is joined with what Redis says now (registered topics, groups,
 * heartbeats), so a service that just started shows up before it has published anything. Rates,
 * error rates and latency come from the last minute of 10 s rollups.
 */
export async function getTopology(
  db: Db,
  bus: BusRead,
  now = new Date(),
  /** The last minute's rollups when the caller has them already (the overview). */
  window?: WindowSums,
): Promise<Topology> {
  const state = bus.ok ? bus.state : null;
  const heads = lagHeads(state);
  const [edges, services, deadLetterCounts, sums, oldestWaiting] = await Promise.all([
    db.select().from(topologyEdges),
    db.select().from(serviceNodes),
    db
      .select({ group: deadLetters.group, status: deadLetters.status, n: count() })
      .from(deadLetters)
      .groupBy(deadLetters.group, deadLetters.status),
    window ?? lastMinuteSums(db, now),
    oldestRecordedAfter(db, heads),
  ]);
  const nowMs = now.getTime();

  // services, from the store and from heartbeats; sources resolve to services for publishes edges
  const serviceMap = new Map<string, ServiceNode>();
  const serviceBySource = new Map<string, string>();
  const service = (name: string): ServiceNode => {
    let node = serviceMap.get(name);
    if (!node) {
      node = {
        id: nodeId.service(name),
        kind: 'service',
        name,
        health: 'unknown',
        source: null,
        live: null,
        lastSeenAt: null,
        eventsPublished: 0,
        meanSizeBytes: null,
        instances: 0,
      };
      serviceMap.set(name, node);
    }
    return node;
  };
  for (const row of services) {
    const node = service(row.service);
    node.source = row.source;
    node.eventsPublished = row.eventsPublished;
    node.meanSizeBytes = row.meanSizeBytes;
    node.lastSeenAt = row.lastSeenAt.toISOString();
    serviceBySource.set(row.source, row.service);
  }
  const instances = new Map<string, Set<string>>();
  const countInstance = (name: string, host: string, pid: number): void => {
    const set = instances.get(name) ?? new Set<string>();
    set.add(`${host}:${pid}`);
    instances.set(name, set);
  };
  for (const beat of state?.presence.services ?? []) {
    const node = service(beat.service);
    node.source ??= beat.source;
    node.live = nowMs - beat.lastSeen < PRESENCE_STALE_MS;
    node.lastSeenAt = latest(node.lastSeenAt, beat.lastSeen);
    serviceBySource.set(beat.source, beat.service);
    if (node.live) countInstance(beat.service, beat.host, beat.pid);
  }
  for (const beat of state?.presence.consumers ?? []) {
    service(beat.service); // a consume-only service still appears
    if (nowMs - beat.lastSeen < PRESENCE_STALE_MS) countInstance(beat.service, beat.host, beat.pid);
  }
  const resolveService = (from: string): string => serviceBySource.get(from) ?? from;

  // topics
  const topicMap = new Map<string, TopicNode>();
  const topic = (name: string): TopicNode => {
    let node = topicMap.get(name);
    if (!node) {
      node = {
        id: nodeId.topic(name),
        kind: 'topic',
        name,
        health: 'unknown',
        length: null,
        eventsPerSec: perSecond(sums.topics.get(name)?.count ?? 0),
        deadLetters: null,
      };
      topicMap.set(name, node);
    }
    return node;
  };
  for (const info of state?.topics ?? []) {
    const node = topic(info.topic);
    node.health = 'ok';
    node.length = info.length;
    node.deadLetters = info.deadLetters;
  }

  // groups
  const groupMap = new Map<string, GroupDraft>();
  const group = (name: string): GroupDraft => {
    let draft = groupMap.get(name);
    if (!draft) {
      draft = {
        node: {
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
        },
        topics: new Set(),
        services: new Set(),
        consumers: new Set(),
        heartbeats: 0,
        lagKnown: false,
        lagAges: [],
      };
      groupMap.set(name, draft);
    }
    return draft;
  };
  for (const info of state?.topics ?? []) {
    for (const g of info.groups) {
      const draft = group(g.name);
      draft.topics.add(info.topic);
      for (const consumer of g.consumerList) draft.consumers.add(consumer.name);
      draft.node.pending += g.pending;
      if (g.lag !== null) {
        draft.node.lag = (draft.node.lag ?? 0) + g.lag;
        draft.lagKnown = true;
      }
      draft.lagAges.push(
        lagAge(g.lag, oldestWaiting.get(headKey(info.topic, entryMs(g.lastDeliveredId))), nowMs),
      );
    }
  }
  for (const beat of state?.presence.consumers ?? []) {
    const draft = group(beat.group);
    for (const t of beat.topics) draft.topics.add(t);
    draft.services.add(beat.service);
    draft.consumers.add(beat.consumer);
    draft.heartbeats += 1;
    if (nowMs - beat.lastSeen < PRESENCE_STALE_MS) draft.node.liveConsumers += 1;
  }

  // edges: publishes
  const edgeMap = new Map<string, TopologyEdge>();
  const addEdge = (edge: Omit<TopologyEdge, 'id'>): TopologyEdge => {
    const id = `${edge.kind}:${edge.from}->${edge.to}`;
    const existing = edgeMap.get(id);
    if (existing) {
      existing.totalEvents += edge.totalEvents;
      existing.totalFailures += edge.totalFailures;
      return existing;
    }
    const created = { id, ...edge };
    edgeMap.set(id, created);
    return created;
  };
  const publishes: { service: string; topic: string; events: number; lastSeenAt: string | null }[] = [];
  for (const row of edges) {
    if (row.kind !== 'publishes') continue;
    publishes.push({
      service: resolveService(row.from),
      topic: row.to,
      events: row.events,
      lastSeenAt: row.lastSeenAt.toISOString(),
    });
  }
  for (const beat of state?.presence.services ?? []) {
    for (const t of beat.publishes)
      publishes.push({ service: beat.service, topic: t, events: 0, lastSeenAt: null });
  }
  const publishedByTopic = new Map<string, number>();
  const publishersByTopic = new Map<string, Set<string>>();
  for (const p of publishes) {
    publishedByTopic.set(p.topic, (publishedByTopic.get(p.topic) ?? 0) + p.events);
    const set = publishersByTopic.get(p.topic) ?? new Set<string>();
    set.add(p.service);
    publishersByTopic.set(p.topic, set);
  }
  for (const p of publishes) {
    service(p.service);
    const t = topic(p.topic);
    const total = publishedByTopic.get(p.topic) ?? 0;
    const share = total > 0 ? p.events / total : 1 / (publishersByTopic.get(p.topic)?.size ?? 1);
    const edge = addEdge({
      kind: 'publishes',
      from: nodeId.service(p.service),
      to: t.id,
      eventsPerSec: 0,
      errorRate: null,
      p50Ms: null,
      p95Ms: null,
      totalEvents: p.events,
      totalFailures: 0,
      lastSeenAt: p.lastSeenAt,
    });
    edge.eventsPerSec = round2(edge.eventsPerSec + t.eventsPerSec * share);
    edge.lastSeenAt = laterIso(edge.lastSeenAt, p.lastSeenAt);
  }

  // edges: delivers (recorded, plus groups Redis knows and heartbeats name)
  const delivers = new Map<
    string,
    { topic: string; group: string; events: number; failures: number; lastSeenAt: string | null }
  >();
  const deliver = (t: string, g: string) => {
    const key = `${t}/${g}`;
    let entry = delivers.get(key);
    if (!entry) {
      entry = { topic: t, group: g, events: 0, failures: 0, lastSeenAt: null };
      delivers.set(key, entry);
    }
    return entry;
  };
  for (const row of edges) {
    if (row.kind !== 'delivers') continue;
    const split = splitGroupKey(row.to);
    const g = split && split.topic === row.from ? split.group : row.to;
    const entry = deliver(row.from, g);
    entry.events += row.events;
    entry.failures += row.failures;
    entry.lastSeenAt = laterIso(entry.lastSeenAt, row.lastSeenAt.toISOString());
  }
  for (const [name, draft] of groupMap) for (const t of draft.topics) deliver(t, name);
  for (const d of delivers.values()) {
    const t = topic(d.topic);
    const draft = group(d.group);
    draft.topics.add(d.topic);
    const window = sums.groups.get(`${d.topic}/${d.group}`) ?? emptySums();
    addEdge({
      kind: 'delivers',
      from: t.id,
      to: draft.node.id,
      eventsPerSec: perSecond(window.count),
      errorRate: errorRate(window),
      p50Ms: percentile(window.buckets, 0.5, window.latencyMaxMs || null),
      p95Ms: percentile(window.buckets, 0.95, window.latencyMaxMs || null),
      totalEvents: d.events,
      totalFailures: d.failures,
      lastSeenAt: d.lastSeenAt,
    });
  }

  // groups: rates and health
  const unhealthy = state ? findUnhealthyConsumers(state, nowMs) : [];
  for (const [name, draft] of groupMap) {
    const window = groupWindow(sums, name, draft.topics);
    const node = draft.node;
    node.topics = [...draft.topics].sort();
    node.services = [...draft.services].sort();
    node.consumers = draft.consumers.size;
    node.handledPerSec = perSecond(window.count);
    node.errorRate = errorRate(window);
    if (!draft.lagKnown) node.lag = null;
    const ages = draft.lagAges.filter((age): age is number => age !== null);
    node.lagAgeMs = ages.length > 0 ? Math.max(...ages) : null;
    node.health = groupHealth(
      node,
      draft,
      unhealthy.some((u) => u.group === name),
      state !== null,
    );
  }

  // dead letters
  const deadLetterNode: DeadLetterNode = {
    id: DEAD_LETTER_NODE_ID,
    kind: 'dead-letters',
    name: 'dead letters',
    health: 'ok',
    pending: 0,
    inStreams: state ? state.topics.reduce((sum, t) => sum + t.deadLetters, 0) : null,
  };
  const recordedByGroup = new Map<string, number>();
  for (const row of deadLetterCounts) {
    if (row.status === 'pending') deadLetterNode.pending += row.n;
    recordedByGroup.set(row.group, (recordedByGroup.get(row.group) ?? 0) + row.n);
  }
  deadLetterNode.health =
    deadLetterNode.pending > 0 || (deadLetterNode.inStreams ?? 0) > 0 ? 'degraded' : 'ok';
  const deadLetteredByGroup = new Map<string, number>();
  for (const [key, window] of sums.groups) {
    const split = splitGroupKey(key);
    if (split && window.deadLettered > 0) {
      deadLetteredByGroup.set(split.group, (deadLetteredByGroup.get(split.group) ?? 0) + window.deadLettered);
    }
  }
  for (const name of new Set([...recordedByGroup.keys(), ...deadLetteredByGroup.keys()])) {
    addEdge({
      kind: 'dead-letters',
      from: group(name).node.id,
      to: DEAD_LETTER_NODE_ID,
      eventsPerSec: perSecond(deadLetteredByGroup.get(name) ?? 0),
      errorRate: null,
      p50Ms: null,
      p95Ms: null,
      totalEvents: recordedByGroup.get(name) ?? 0,
      totalFailures: 0,
      lastSeenAt: null,
    });
  }

  for (const node of serviceMap.values()) {
    node.instances = instances.get(node.name)?.size ?? 0;
    node.health = serviceHealth(
      node,
      unhealthy.some((u) => u.service === node.name),
    );
  }

  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  return {
    generatedAt: now.toISOString(),
    windowSeconds: RATE_WINDOW_MS / 1000,
    redis: bus.ok ? { ok: true } : { ok: false, error: bus.error },
    nodes: [
      ...[...serviceMap.values()].sort(byName),
      ...[...topicMap.values()].sort(byName),
      ...[...groupMap.values()].map((d) => d.node).sort(byName),
      deadLetterNode,
    ],
    edges: [...edgeMap.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Where a lagging group's backlog starts: the entry after its last-delivered id, on one topic. */
interface LagHead {
  topic: string;
  afterMs: number;
}

const headKey = (topic: string, afterMs: number): string => `${topic}@${afterMs}`;

/** A stream entry id's milliseconds (`1740830460363-1` → 1740830460363); 0 for `0-0` or anything else. */
function entryMs(id: string): number {
  const ms = Number(id.slice(0, id.indexOf('-')));
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** One head per (topic, last-delivered position) of every group with a backlog, at most MAX_LAG_HEADS. */
function lagHeads(state: BusState | null): LagHead[] {
  const heads = new Map<string, LagHead>();
  for (const info of state?.topics ?? []) {
    for (const g of info.groups) {
      if (g.lag === null || g.lag <= 0 || heads.size >= MAX_LAG_HEADS) continue;
      const afterMs = entryMs(g.lastDeliveredId);
      heads.set(headKey(info.topic, afterMs), { topic: info.topic, afterMs });
    }
  }
  return [...heads.values()];
}

/**
 * The time (epoch ms) of the first recorded event after each head, keyed by headKey; absent when none
 * is recorded. One statement whatever the number of heads; each lookup is an index range scan on
 * (topic, time). Event time stands in for the entry id's time: the SDK stamps both at publish.
 */
async function oldestRecordedAfter(db: Db, heads: readonly LagHead[]): Promise<Map<string, number>> {
  if (heads.length === 0) return new Map();
  const values = sql.join(
    heads.map(
      (h, i) => sql`(${i}::int, ${h.topic}::text, ${new Date(h.afterMs).toISOString()}::timestamptz)`,
    ),
    sql`, `,
  );
  const rows = await selectRows<{ i: number; oldest: number | null }>(
    db,
    sql`select v.i, (select extract(epoch from min(e.time)) * 1000 from events e
        where e.topic = v.topic and e.time > v.after)::float8 as oldest
      from (values ${values}) as v(i, topic, after)`,
  );
  const found = new Map<string, number>();
  for (const row of rows) {
    const head = heads[Number(row.i)];
    if (head && row.oldest !== null) found.set(headKey(head.topic, head.afterMs), Number(row.oldest));
  }
  return found;
}

/** 0 when caught up; the head's age when it is recorded; null when Redis or the store cannot tell. */
function lagAge(lag: number | null, oldestMs: number | undefined, nowMs: number): number | null {
  if (lag === null) return null;
  if (lag <= 0) return 0;
  return oldestMs === undefined ? null : Math.max(0, Math.round(nowMs - oldestMs));
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
  return redisOk ? 'ok' : 'unknown';
}

function serviceHealth(node: ServiceNode, hasUnhealthy: boolean): NodeHealth {
  if (node.live === null) return 'unknown';
  if (!node.live) return 'failing';
  return hasUnhealthy ? 'degraded' : 'ok';
}

function latest(iso: string | null, ms: number): string {
  return iso === null || Date.parse(iso) < ms ? new Date(ms).toISOString() : iso;
}

function laterIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
