import type { Topology, TopologyNode } from '@/server/contracts/topology';

/** What a node's details panel reads: metric series (GET /api/metrics) and an events filter. */
export interface PanelSources {
  /** `topic:<t>`, `group:<t>/<g>` or `all`, summed by the panel. */
  series: string[];
  /** GET /api/events filter for the latest events; null when the node has no events of its own. */
  events: { topic: string[]; source: string[] } | null;
}

/**
 * Per kind: a topic's own series and events; a group's series on each topic it reads, and those topics'
 * events; a processor's group series and its output's events; a service's published topics and the events it published (by its source); the dead letters,
 * the whole bus's series (their dead-lettered counts) and no event list (the Dead letters page has them).
 */
export function panelSources(node: TopologyNode, topology: Topology): PanelSources {
  switch (node.kind) {
    case 'topic':
      return { series: [`topic:${node.name}`], events: { topic: [node.name], source: [] } };
    case 'group':
      return {
        series: node.topics.map((t) => `group:${t}/${node.name}`),
        events: node.topics.length > 0 ? { topic: node.topics, source: [] } : null,
      };
    case 'service': {
      const topics = topology.edges
        .filter((e) => e.kind === 'publishes' && e.from === node.id)
        .map((e) => e.to.slice('topic:'.length))
        .sort();
      const events = node.source
        ? { topic: [], source: [node.source] }
        : topics.length > 0
          ? { topic: topics, source: [] }
          : null;
      return { series: topics.map((t) => `topic:${t}`), events };
    }
    case 'processor':
      // its group's series on each input; the events it produced (its output topic)
      return {
        series: node.topics.map((t) => `group:${t}/${node.group}`),
        events: { topic: [node.output], source: [] },
      };
    case 'dead-letters':
      return { series: ['all'], events: null };
  }
}
