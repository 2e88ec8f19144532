import { describe, expect, it } from 'vitest';
import { Topology } from '@/server/contracts/topology';
import { filterOptions, filterTopology } from './filter';
import { demoLikeTopology } from './fixtures';

const topology = Topology.parse(demoLikeTopology());
const ids = (graph: { nodes: readonly { id: string }[] }) => graph.nodes.map((n) => n.id).sort();

describe('filterTopology', () => {
  it('returns the snapshot itself without a filter', () => {
    expect(filterTopology(topology, { topic: null, service: null })).toBe(topology);
  });

  it('narrows to a topic: its publishers, its groups and their dead letters', () => {
    const graph = filterTopology(topology, { topic: 'threat.validated', service: null });
    expect(ids(graph)).toEqual([
      'dead-letters',
      'group:analyze',
      'group:siem-export',
      'service:validate',
      'topic:threat.validated',
    ]);
    expect(graph.edges.map((e) => e.id).sort()).toEqual([
      'dead-letters:group:siem-export->dead-letters',
      'delivers:topic:threat.validated->group:analyze',
      'delivers:topic:threat.validated->group:siem-export',
      'publishes:service:validate->topic:threat.validated',
    ]);
  });

  it('narrows to a service: what it publishes and who reads it, and where it consumes', () => {
    const graph = filterTopology(topology, { topic: null, service: 'validate' });
    expect(ids(graph)).toEqual([
      'dead-letters',
      'group:analyze',
      'group:siem-export',
      'group:validate', // it consumes there
      'service:validate',
      'topic:threat.signals', // which feeds its group
      'topic:threat.validated',
    ]);
    // a consume-only service shows its group and the topic feeding it
    expect(ids(filterTopology(topology, { topic: null, service: 'siem-exporter' }))).toEqual([
      'dead-letters',
      'group:siem-export',
      'service:siem-exporter',
      'topic:threat.validated',
    ]);
  });

  it('keeps only what matches both a topic and a service', () => {
    const graph = filterTopology(topology, { topic: 'threat.signals', service: 'validate' });
    expect(ids(graph)).toEqual(['group:validate', 'topic:threat.signals']);
  });

  it('keeps the snapshot objects, so unchanged nodes stay identical between ticks', () => {
    const graph = filterTopology(topology, { topic: 'threat.signals', service: null });
    const signals = topology.nodes.find((n) => n.id === 'topic:threat.signals');
    expect(graph.nodes).toContain(signals);
  });

  it('finds nothing for a name the graph does not have', () => {
    const graph = filterTopology(topology, { topic: 'nope', service: null });
    expect(graph.nodes).toEqual([]);
    expect(graph.edges).toEqual([]);
  });
});

describe('filterOptions', () => {
  it('lists topic and service names, sorted', () => {
    expect(filterOptions(topology)).toEqual({
      topics: ['audit', 'threat.signals', 'threat.validated'],
      services: ['ingest', 'legacy', 'siem-exporter', 'validate'],
    });
  });
});
