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

  it('keeps a processor with its output topic when filtering by its input topic', () => {
    const base = Topology.parse(demoLikeTopology());
    const edge = (kind: 'delivers' | 'publishes', from: string, to: string) => ({
      id: `${kind}:${from}->${to}`,
      kind,
      from,
      to,
      eventsPerSec: 1,
      errorRate: null,
      p50Ms: null,
      p95Ms: null,
      totalEvents: 0,
      totalFailures: 0,
      lastSeenAt: null,
      lagModel: null,
    });
    const withProcessor = Topology.parse({
      ...base,
      nodes: [
        ...base.nodes,
        {
          id: 'topic:threat.urgent',
          kind: 'topic',
          name: 'threat.urgent',
          health: 'ok',
          length: 1,
          eventsPerSec: 1,
          deadLetters: 0,
        },
        {
          id: 'processor:urgent',
          kind: 'processor',
          name: 'urgent',
          health: 'ok',
          processorKind: 'forward',
          group: 'streams.urgent',
          topics: ['threat.validated'],
          output: 'threat.urgent',
          outputType: null,
          description: null,
          services: ['detections'],
          processes: 1,
          ratePerSec: 1,
          lag: 0,
          pending: 0,
          errors: 0,
          errorRate: 0,
          fired: 0,
          emitted: 0,
          lastSeenAt: null,
        },
      ],
      edges: [
        ...base.edges,
        edge('delivers', 'topic:threat.validated', 'processor:urgent'),
        edge('publishes', 'processor:urgent', 'topic:threat.urgent'),
      ],
    });
    const graph = filterTopology(withProcessor, { topic: 'threat.validated', service: null });
    expect(ids(graph)).toEqual(expect.arrayContaining(['processor:urgent', 'topic:threat.urgent']));
    expect(graph.edges.map((e) => e.id)).toContain('publishes:processor:urgent->topic:threat.urgent');
    const byService = filterTopology(withProcessor, { topic: null, service: 'detections' });
    // the service runs it: the processor, what feeds it and where it writes
    expect(ids(byService)).toEqual(['processor:urgent', 'topic:threat.urgent', 'topic:threat.validated']);
  });
});
