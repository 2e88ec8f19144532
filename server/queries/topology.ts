import type { Db } from '@/db/client';
import type { BusRead } from '@/server/contracts/bus-state';
import type { Topology } from '@/server/contracts/topology';
import { findUnhealthyConsumers } from './consumer-health';
import { lagModels } from './lag-models';
import { RATE_WINDOW_MS, type WindowSums } from './rollup-window';
import { addDeadLetters } from './topology/dead-letters';
import { addDeliversEdges } from './topology/delivers';
import { EdgeSet } from './topology/edge-set';
import { GroupDrafts } from './topology/groups';
import { readTopologyInputs } from './topology/inputs';
import { foldProcessors } from './topology/processors';
import { addPublishesEdges } from './topology/publishes';
import { ServiceNodes } from './topology/services';
import { TopicNodes } from './topology/topics';

/**
 * The flow graph: services → topics → groups → dead letters, with stream processors between topics. The recorded graph (topology_edges,
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
  const nowMs = now.getTime();
  const inputs = await readTopologyInputs(db, state, now, window);

  const services = new ServiceNodes(nowMs);
  services.addRecorded(inputs.services);
  services.addHeartbeats(state?.presence);
  const topics = new TopicNodes(inputs.sums);
  topics.addRegistered(state?.topics ?? []);
  const models = lagModels(
    (state?.topics ?? []).flatMap((t) =>
      t.groups.map((g) => ({
        topic: t.topic,
        group: g.name,
        lag: g.lag,
        oldestPendingId: g.oldestPendingId,
      })),
    ),
    inputs.trends,
    inputs.sums,
    nowMs,
  );
  const groups = new GroupDrafts(nowMs);
  groups.addFromRedis(state?.topics ?? [], inputs.oldestWaiting, models);
  groups.addHeartbeats(state?.presence.consumers ?? []);

  const edges = new EdgeSet();
  addPublishesEdges(edges, inputs.edges, state?.presence, services, topics);
  // delivers edges add the topics only the recorded graph knows, so groups are finished after them
  addDeliversEdges(edges, inputs.edges, groups, topics, inputs.sums, models);
  const unhealthy = state ? findUnhealthyConsumers(state, nowMs) : [];
  groups.finish(inputs.sums, unhealthy, state !== null);
  // a group only dead letters name is created here, after finish: it keeps a new group's defaults
  const deadLetterNode = addDeadLetters(edges, inputs.deadLetterCounts, inputs.sums, state, groups);
  services.finish(unhealthy);
  // processors take their groups' place (same figures, their own node): after every group is finished
  const folded = foldProcessors(
    groups.nodes(),
    edges.sorted(),
    state?.presence.processors ?? [],
    topics,
    nowMs,
  );

  return {
    generatedAt: now.toISOString(),
    windowSeconds: RATE_WINDOW_MS / 1000,
    redis: bus.ok ? { ok: true } : { ok: false, error: bus.error },
    nodes: [
      ...services.nodes().sort(byName),
      ...topics.nodes().sort(byName),
      ...folded.processors.sort(byName),
      ...folded.groups.sort(byName),
      deadLetterNode,
    ],
    edges: folded.edges,
  };
}

const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);
