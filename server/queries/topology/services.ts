import { PRESENCE_STALE_MS, type BusState } from '@/server/contracts/bus-state';
import type { UnhealthyConsumer } from '@/server/contracts/overview';
import { nodeId, type NodeHealth, type TopologyNode } from '@/server/contracts/topology';
import type { RecordedService } from './inputs';
import { latest } from './times';

export type ServiceNode = Extract<TopologyNode, { kind: 'service' }>;

/**
 * Service nodes from the store and from heartbeats, so a service that just started shows up before it
 * has published anything. Remembers each service's sources: the recorder may name a publisher by it.
 */
export class ServiceNodes {
  private readonly byName = new Map<string, ServiceNode>();
  private readonly nameBySource = new Map<string, string>();
  /** `host:pid` of each service's live processes, publishers and consumers alike. */
  private readonly instances = new Map<string, Set<string>>();

  constructor(private readonly nowMs: number) {}

  /** The service's node, created on first mention. */
  get(name: string): ServiceNode {
    let node = this.byName.get(name);
    if (!node) {
      node = emptyServiceNode(name);
      this.byName.set(name, node);
    }
    return node;
  }

  /** The service a recorded publisher stands for: its name, or the service that publishes as that source. */
  resolve(nameOrSource: string): string {
    return this.nameBySource.get(nameOrSource) ?? nameOrSource;
  }

  addRecorded(rows: readonly RecordedService[]): void {
    for (const row of rows) {
      const node = this.get(row.service);
      node.source = row.source;
      node.eventsPublished = row.eventsPublished;
      node.meanSizeBytes = row.meanSizeBytes;
      node.lastSeenAt = row.lastSeenAt.toISOString();
      this.nameBySource.set(row.source, row.service);
    }
  }

  addHeartbeats(presence: BusState['presence'] | undefined): void {
    for (const beat of presence?.services ?? []) {
      const node = this.get(beat.service);
      node.source ??= beat.source;
      node.live = this.isFresh(beat.lastSeen);
      node.lastSeenAt = latest(node.lastSeenAt, beat.lastSeen);
      this.nameBySource.set(beat.source, beat.service);
      if (node.live) this.countInstance(beat.service, beat.host, beat.pid);
    }
    for (const beat of presence?.consumers ?? []) {
      this.get(beat.service); // a consume-only service still appears
      if (this.isFresh(beat.lastSeen)) this.countInstance(beat.service, beat.host, beat.pid);
    }
  }

  /** Instance counts and health, once every service is known. */
  finish(unhealthy: readonly UnhealthyConsumer[]): void {
    for (const node of this.byName.values()) {
      node.instances = this.instances.get(node.name)?.size ?? 0;
      node.health = serviceHealth(
        node,
        unhealthy.some((u) => u.service === node.name),
      );
    }
  }

  nodes(): ServiceNode[] {
    return [...this.byName.values()];
  }

  private isFresh(lastSeen: number): boolean {
    return this.nowMs - lastSeen < PRESENCE_STALE_MS;
  }

  private countInstance(name: string, host: string, pid: number): void {
    const set = this.instances.get(name) ?? new Set<string>();
    set.add(`${host}:${pid}`);
    this.instances.set(name, set);
  }
}

function emptyServiceNode(name: string): ServiceNode {
  return {
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
}

function serviceHealth(node: ServiceNode, hasUnhealthy: boolean): NodeHealth {
  if (node.live === null) return 'unknown';
  if (!node.live) return 'failing';
  return hasUnhealthy ? 'degraded' : 'ok';
}
