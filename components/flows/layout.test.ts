import { describe, expect, it } from 'vitest';
import { graphShape, KIND_COLUMN, layoutGraph, NODE_SIZE, nodeColumns, type GraphShape } from './layout';
import { syntheticTopology } from './synthetic-topology';

const small = graphShape(
  [
    { id: 'service:ingest', kind: 'service' },
    { id: 'service:idle', kind: 'service' },
    { id: 'topic:signals', kind: 'topic' },
    // recorded once, nobody publishes to it now
    { id: 'topic:orphan', kind: 'topic' },
    { id: 'group:validate', kind: 'group' },
    { id: 'group:lonely', kind: 'group' },
    { id: 'dead-letters', kind: 'dead-letters' },
  ],
  [
    { id: 'publishes:service:ingest->topic:signals', from: 'service:ingest', to: 'topic:signals' },
    { id: 'delivers:topic:signals->group:validate', from: 'topic:signals', to: 'group:validate' },
    { id: 'dead-letters:group:validate->dead-letters', from: 'group:validate', to: 'dead-letters' },
  ],
);

/** Left edges of the columns, in order of first appearance. */
function columnsOf(shape: GraphShape, positions: ReadonlyMap<string, { x: number }>) {
  const byKind = new Map<string, Set<number>>();
  for (const node of shape.nodes) {
    const set = byKind.get(node.kind) ?? new Set<number>();
    set.add(positions.get(node.id)!.x + NODE_SIZE[node.kind].width / 2);
    byKind.set(node.kind, set);
  }
  return byKind;
}

function overlaps(shape: GraphShape, positions: ReadonlyMap<string, { x: number; y: number }>): string[] {
  const boxes = shape.nodes.map((n) => ({ id: n.id, ...positions.get(n.id)!, ...NODE_SIZE[n.kind] }));
  const hits: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apart =
        a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) hits.push(`${a.id} × ${b.id}`);
    }
  }
  return hits;
}

describe('graphShape', () => {
  it('keys a graph by its node and edge ids, whatever their order or live figures', () => {
    const reversed = graphShape([...small.nodes].reverse(), [
      ...small.edges.map((e) => ({ id: e.id, from: e.source, to: e.target })).reverse(),
    ]);
    expect(reversed.key).toBe(small.key);
    const fewer = graphShape(small.nodes.slice(1), []);
    expect(fewer.key).not.toBe(small.key);
  });
});

describe('layoutGraph', () => {
  it('lays services, topics, groups and dead letters out left to right, one column per kind', () => {
    const layout = layoutGraph(small);
    expect(layout.key).toBe(small.key);
    expect([...layout.positions.keys()].sort()).toEqual(small.nodes.map((n) => n.id).sort());
    const columns = columnsOf(small, layout.positions);
    // every kind sits in one column (orphans and idle services too), in KIND_COLUMN order
    for (const set of columns.values()) expect(set.size).toBe(1);
    const centre = (kind: string) => [...columns.get(kind)!][0]!;
    expect(centre('service')).toBeLessThan(centre('topic'));
    expect(centre('topic')).toBeLessThan(centre('group'));
    expect(centre('group')).toBeLessThan(centre('dead-letters'));
    expect(overlaps(small, layout.positions)).toEqual([]);
    expect(layout.width).toBeGreaterThan(0);
    expect(layout.height).toBeGreaterThan(0);
  });

  it('is pure: the same shape gives the same positions', () => {
    expect(layoutGraph(small).positions).toEqual(layoutGraph(small).positions);
  });

  it('ignores edges to nodes that are not in the graph (a filter may cut them)', () => {
    const cut = graphShape(small.nodes.slice(0, 3), [
      { id: 'publishes:service:ingest->topic:signals', from: 'service:ingest', to: 'topic:signals' },
      { id: 'delivers:topic:signals->group:validate', from: 'topic:signals', to: 'group:validate' },
    ]);
    expect([...layoutGraph(cut).positions.keys()]).toHaveLength(3);
  });

  it('lays out a synthetic 120-node topology in columns without overlaps, quickly', () => {
    const topology = syntheticTopology();
    const shape = graphShape(topology.nodes, topology.edges);
    layoutGraph(shape); // warm-up: the first run pays for JIT compilation
    const runs = 5;
    const started = performance.now();
    let layout = layoutGraph(shape);
    for (let i = 1; i < runs; i++) layout = layoutGraph(shape);
    const perRun = (performance.now() - started) / runs;
    // eslint-disable-next-line no-console -- the figure is the point: read it in the test output
    console.log(
      `layout of ${shape.nodes.length} nodes / ${shape.edges.length} edges: ${perRun.toFixed(1)} ms per run (mean of ${runs})`,
    );
    expect(layout.positions.size).toBe(120);
    const columns = columnsOf(shape, layout.positions);
    for (const [kind, set] of columns) expect(set.size, kind).toBe(1);
    expect(overlaps(shape, layout.positions)).toEqual([]);
    // packed: as tall as its tallest column (49 groups, 44 px, 10 px apart), not dagre's spread
    expect(layout.height).toBe(49 * 44 + 48 * 10);
    expect(Object.keys(KIND_COLUMN)).toHaveLength(5);
  });

  it('puts a processor between its topics: input, processor, output, then their readers', () => {
    const shape = graphShape(
      [
        { id: 'service:ingest', kind: 'service' },
        { id: 'topic:raw', kind: 'topic' },
        { id: 'processor:route', kind: 'processor' },
        { id: 'topic:routed', kind: 'topic' },
        { id: 'processor:burst', kind: 'processor' },
        { id: 'topic:alerts', kind: 'topic' },
        { id: 'group:notify', kind: 'group' },
        { id: 'group:archive', kind: 'group' },
        { id: 'dead-letters', kind: 'dead-letters' },
      ],
      [
        { id: 'p1', from: 'service:ingest', to: 'topic:raw' },
        { id: 'd1', from: 'topic:raw', to: 'processor:route' },
        { id: 'd2', from: 'topic:raw', to: 'group:archive' },
        { id: 'p2', from: 'processor:route', to: 'topic:routed' },
        { id: 'd3', from: 'topic:routed', to: 'processor:burst' },
        { id: 'p3', from: 'processor:burst', to: 'topic:alerts' },
        { id: 'd4', from: 'topic:alerts', to: 'group:notify' },
        { id: 'x1', from: 'group:notify', to: 'dead-letters' },
      ],
    );
    const columns = nodeColumns(shape);
    expect(Object.fromEntries(columns)).toEqual({
      'service:ingest': 0,
      'topic:raw': 1,
      'processor:route': 2,
      'group:archive': 2,
      'topic:routed': 3,
      'processor:burst': 4,
      'topic:alerts': 5,
      'group:notify': 6,
      'dead-letters': 7,
    });
    const layout = layoutGraph(shape);
    const x = (id: string) => layout.positions.get(id)!.x;
    expect(x('topic:raw')).toBeLessThan(x('processor:route'));
    expect(x('processor:route')).toBeLessThan(x('topic:routed'));
    expect(x('topic:alerts')).toBeLessThan(x('group:notify'));
    expect(overlaps(shape, layout.positions)).toEqual([]);
  });

  it('a processor reading its own output does not push columns without end', () => {
    const columns = nodeColumns({
      nodes: [
        { id: 'topic:a', kind: 'topic' },
        { id: 'processor:loop', kind: 'processor' },
      ],
      edges: [
        { id: 'd', source: 'topic:a', target: 'processor:loop' },
        { id: 'p', source: 'processor:loop', target: 'topic:a' },
      ],
    });
    expect(Math.max(...columns.values())).toBeLessThanOrEqual(KIND_COLUMN.processor + 8);
  });
});
