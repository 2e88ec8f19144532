import type { TopologyEdge } from '@/server/contracts/topology';

/**
 * The graph's edges by id. Adding an edge that exists adds its totals to the existing one: one pair
 * can be recorded under two names (a service and its source), and both must land on one edge.
 */
export class EdgeSet {
  private readonly byId = new Map<string, TopologyEdge>();

  add(edge: Omit<TopologyEdge, 'id'>): TopologyEdge {
    const id = `${edge.kind}:${edge.from}->${edge.to}`;
    const existing = this.byId.get(id);
    if (existing) {
      existing.totalEvents += edge.totalEvents;
      existing.totalFailures += edge.totalFailures;
      return existing;
    }
    const created = { id, ...edge };
    this.byId.set(id, created);
    return created;
  }

  sorted(): TopologyEdge[] {
    return [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}
