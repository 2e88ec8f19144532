import { describe, expect, it } from 'vitest';
import type { LagModel } from '@/server/contracts/lag';
import { Topology, type TopologyEdge, type TopologyNode } from '@/server/contracts/topology';
import { demoLikeTopology } from '../fixtures';
import { graphShape, layoutGraph, NODE_SIZE } from '../layout';
import {
  createEdgeBuilder,
  createNodeBuilder,
  edgeData,
  edgeTone,
  nodeLabel,
  shownWaitingAge,
  WAITING_SHOWN_FROM_MS,
} from './flow-elements';

const topology = Topology.parse(demoLikeTopology());
const layout = layoutGraph(graphShape(topology.nodes, topology.edges));
const find = (id: string): TopologyNode => topology.nodes.find((n) => n.id === id)!;
const findEdge = (id: string): TopologyEdge => topology.edges.find((e) => e.id === id)!;

describe('nodeLabel', () => {
  it('names each node by kind and name, with the figures it shows', () => {
    expect(nodeLabel(find('service:ingest'))).toBe('service ingest, live, 2 instances');
    expect(nodeLabel(find('service:legacy'))).toBe('service legacy, no heartbeat, unknown');
    expect(nodeLabel(find('topic:threat.signals'))).toBe('topic threat.signals, 50 events/s');
    expect(nodeLabel(find('group:validate'))).toBe('group validate, lag 0, 40 events/s, 1% errors');
    expect(nodeLabel(find('group:siem-export'))).toBe(
      'group siem-export, lag 1,234, oldest 2m 10s, 24 events/s, 8% errors, degraded',
    );
    expect(nodeLabel(find('dead-letters'))).toBe('dead letters, 12 waiting, degraded');
  });
});

const notDraining: LagModel = {
  lag: 1_234,
  at: '2026-12-03T12:00:00.000Z',
  state: 'not-draining',
  tone: 'degraded',
  trend: null,
  clear: null,
  laggingSince: null,
  oldestPendingAgeMs: null,
  inFlightAllowance: 120,
};

describe('the lag verdict on the graph', () => {
  it('names the server’s verdict in the group’s label and shows it on the node while behind', () => {
    const node = { ...find('group:siem-export'), lagModel: notDraining } as TopologyNode;
    expect(nodeLabel(node)).toBe(
      'group siem-export, lag 1,234, not draining, oldest 2m 10s, 24 events/s, 8% errors, degraded',
    );
    expect(createNodeBuilder(layout)(node, false).data).toMatchObject({
      verdict: 'not draining',
      behind: true,
    });
  });

  it('marks a delivers edge degraded when its group is not draining, and says so', () => {
    const delivers = { ...findEdge('delivers:topic:threat.signals->group:validate'), lagModel: notDraining };
    expect(edgeTone(delivers)).toBe('degraded');
    expect(edgeData(delivers).text).toMatch(/ · not draining$/);
  });
});

describe('edgeTone', () => {
  const delivers = findEdge('delivers:topic:threat.signals->group:validate');
  it('colours deliveries by error rate: ok, degraded from 5 %, failing from 50 %', () => {
    expect(edgeTone(delivers)).toBe('ok');
    expect(edgeTone({ ...delivers, errorRate: 0.05 })).toBe('degraded');
    expect(edgeTone({ ...delivers, errorRate: 0.49 })).toBe('degraded');
    expect(edgeTone({ ...delivers, errorRate: 0.5 })).toBe('failing');
    expect(edgeTone({ ...delivers, eventsPerSec: 0, errorRate: 0 })).toBe('neutral');
  });
  it('leaves publishes neutral (nothing measured) and marks flowing dead letters', () => {
    expect(edgeTone(findEdge('publishes:service:ingest->topic:threat.signals'))).toBe('neutral');
    expect(edgeTone(findEdge('dead-letters:group:siem-export->dead-letters'))).toBe('failing');
  });
});

describe('createNodeBuilder', () => {
  it('places nodes from the layout with fixed sizes and handles on their sides', () => {
    const build = createNodeBuilder(layout);
    const node = build(find('group:siem-export'), false);
    expect(node).toMatchObject({
      id: 'group:siem-export',
      type: 'consumerGroup',
      position: layout.positions.get('group:siem-export'),
      width: NODE_SIZE.group.width,
      height: NODE_SIZE.group.height,
      data: { name: 'siem-export', lag: 1_234, oldest: '2m 10s', health: 'degraded' },
    });
    expect(node.handles?.map((h) => [h.type, h.position])).toEqual([
      ['target', 'left'],
      ['source', 'right'],
    ]);
  });

  it('hands back the same object while nothing shown changes, a new one when a figure does', () => {
    const build = createNodeBuilder(layout);
    const service = find('service:ingest');
    const first = build(service, false);
    // a heartbeat moves lastSeenAt: not shown, so the node stays as it was
    expect(build({ ...service, lastSeenAt: '2025-03-01T12:00:05.000Z' } as TopologyNode, false)).toBe(first);
    const changed = build({ ...service, instances: 3 } as TopologyNode, false);
    expect(changed).not.toBe(first);
    expect(changed.data).toMatchObject({ instances: 3, label: 'service ingest, live, 3 instances' });
    expect(build(service, true)).toMatchObject({ selected: true });
  });
});

describe('createEdgeBuilder', () => {
  it('labels edges with their rate, arrows them, and reuses unchanged ones', () => {
    const build = createEdgeBuilder();
    const slow = findEdge('delivers:topic:threat.validated->group:siem-export');
    const first = build(slow);
    expect(first).toMatchObject({
      source: 'topic:threat.validated',
      target: 'group:siem-export',
      type: 'flow',
      animated: false,
      markerEnd: { type: 'arrowclosed', color: 'var(--degraded)' },
      data: { text: '24/s · 8% err', tone: 'degraded' },
    });
    expect(build({ ...slow, totalEvents: slow.totalEvents + 50 })).toBe(first);
    const idle = build({ ...slow, eventsPerSec: 0, errorRate: 0 });
    expect(idle).toMatchObject({ animated: false, data: { text: '0/s', tone: 'neutral' } });
  });

  it('moves flowing edges only when motion is on', () => {
    const edge = findEdge('delivers:topic:threat.validated->group:siem-export');
    expect(createEdgeBuilder(true)(edge).animated).toBe(true);
    expect(createEdgeBuilder(true)({ ...edge, eventsPerSec: 0 }).animated).toBe(false);
    expect(createEdgeBuilder(false)(edge).animated).toBe(false);
  });

  it('shows a rate with the decimal the Streams page shows (48.6, not 49)', () => {
    const edge = findEdge('delivers:topic:threat.validated->group:siem-export');
    expect(createEdgeBuilder()({ ...edge, eventsPerSec: 48.6 }).data?.text).toBe('48.6/s · 8% err');
  });
});

describe('shownWaitingAge', () => {
  it('shows the oldest entry whenever the group lags', () => {
    expect(shownWaitingAge({ lag: 3, lagAgeMs: 40 })).toBe(40);
  });
  it('without lag, only once a pending entry has waited long', () => {
    expect(shownWaitingAge({ lag: 0, lagAgeMs: 40 })).toBeNull();
    expect(shownWaitingAge({ lag: 0, lagAgeMs: WAITING_SHOWN_FROM_MS })).toBe(WAITING_SHOWN_FROM_MS);
    expect(shownWaitingAge({ lag: null, lagAgeMs: 60_000 })).toBe(60_000);
  });
  it('shows nothing when the age is unknown', () => {
    expect(shownWaitingAge({ lag: 5, lagAgeMs: null })).toBeNull();
  });
});
