import { describe, expect, it } from 'vitest';
import { Topology } from '@/server/contracts/topology';
import { syntheticTopology } from './synthetic-topology';

describe('syntheticTopology', () => {
  it('builds a valid 120-node topology whose edges all join existing nodes', () => {
    const topology = Topology.parse(syntheticTopology());
    expect(topology.nodes).toHaveLength(120);
    const count = (kind: string) => topology.nodes.filter((n) => n.kind === kind).length;
    expect([count('service'), count('topic'), count('group'), count('dead-letters')]).toEqual([
      30, 40, 49, 1,
    ]);
    const ids = new Set(topology.nodes.map((n) => n.id));
    expect(ids.size).toBe(120);
    for (const edge of topology.edges) {
      expect(ids.has(edge.from), edge.id).toBe(true);
      expect(ids.has(edge.to), edge.id).toBe(true);
    }
    expect(new Set(topology.edges.map((e) => e.id)).size).toBe(topology.edges.length);
  });

  it('is deterministic and scales with its options', () => {
    expect(syntheticTopology()).toEqual(syntheticTopology());
    const small = syntheticTopology({ services: 2, topics: 3, groups: 4 });
    expect(small.nodes).toHaveLength(10);
  });
});
