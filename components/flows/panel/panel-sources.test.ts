import { describe, expect, it } from 'vitest';
import { Topology } from '@/server/contracts/topology';
import { demoLikeTopology } from '../fixtures';
import { panelSources } from './panel-sources';

const topology = Topology.parse(demoLikeTopology());
const sources = (id: string) =>
  panelSources(
    topology.nodes.find((n) => n.id === id)!,
    topology,
  );

describe('panelSources', () => {
  it('reads a topic series and its events for a topic', () => {
    expect(sources('topic:threat.signals')).toEqual({
      series: ['topic:threat.signals'],
      events: { topic: ['threat.signals'], source: [] },
    });
  });

  it('reads a group series per topic the group reads', () => {
    expect(sources('group:siem-export')).toEqual({
      series: ['group:threat.validated/siem-export'],
      events: { topic: ['threat.validated'], source: [] },
    });
  });

  it("reads a service's published topics and the events it published", () => {
    expect(sources('service:validate')).toEqual({
      series: ['topic:threat.validated'],
      events: { topic: [], source: ['/services/validate'] },
    });
  });

  it('reads the whole bus for the dead letters, with no event list', () => {
    expect(sources('dead-letters')).toEqual({ series: ['all'], events: null });
  });
});
