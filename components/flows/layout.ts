import dagre from '@dagrejs/dagre';
import type { TopologyNode } from '@/server/contracts/topology';

export type FlowKind = TopologyNode['kind'];

/** What the layout needs of the graph: ids, kinds and who points at whom. Nothing live. */
export interface GraphShape {
  /** Node ids then edge ids, sorted: equal keys mean the same drawing. */
  key: string;
  nodes: readonly { id: string; kind: FlowKind }[];
  edges: readonly { id: string; source: string; target: string }[];
}

export interface Size {
  width: number;
  height: number;
}

/** Fixed node sizes, so the layout never waits for the DOM and a live tick never re-measures a node. */
export const NODE_SIZE: Record<FlowKind, Size> = {
  service: { width: 184, height: 44 },
  topic: { width: 184, height: 44 },
  group: { width: 212, height: 44 },
  processor: { width: 212, height: 44 },
  'dead-letters': { width: 184, height: 44 },
};

/**
 * Columns, left to right: who publishes, where it goes, who reads it, what it could not handle. A
 * processor reads in the groups' column; the topic it writes to moves two columns further right (see
 * `nodeColumns`), so chains of processors read left to right.
 */
export const KIND_COLUMN: Record<FlowKind, number> = {
  service: 0,
  topic: 1,
  group: 2,
  processor: 2,
  'dead-letters': 3,
};
/** Processor chains deeper than this share their last columns (and a cycle stops growing here). */
const MAX_PROCESSOR_DEPTH = 4;

export interface Layout {
  key: string;
  /** Top-left corner of each node (React Flow's convention). */
  positions: ReadonlyMap<string, { x: number; y: number }>;
  width: number;
  height: number;
}

const SINK = '\u0000sink';
/** Vertical space between two nodes of a column. */
const NODE_GAP = 10;

/**
 * The shape of a graph, from anything with ids, kinds and edge ends. Cheap (linear): called on every
 * live tick to tell whether the drawing must change.
 */
export function graphShape(
  nodes: readonly { id: string; kind: FlowKind }[],
  edges: readonly { id: string; from: string; to: string }[],
): GraphShape {
  const nodeIds = nodes.map((n) => n.id).sort();
  const edgeIds = edges.map((e) => e.id).sort();
  return {
    key: `${nodeIds.join('\n')}\n\n${edgeIds.join('\n')}`,
    nodes: nodes.map((n) => ({ id: n.id, kind: n.kind })),
    edges: edges.map((e) => ({ id: e.id, source: e.from, target: e.to })),
  };
}

/**
 * Left-to-right layered layout with dagre: services, topics, groups, dead letters, each in its column
 * even when nothing points at it (a topic nobody publishes to still sits with the topics). Dagre orders
 * each column to limit crossings. Pure: the same shape always gives the same positions.
 */
export function layoutGraph(shape: GraphShape): Layout {
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  // longest-path ranking is exact here (see the sink below) and about twice as fast as network simplex
  graph.setGraph({
    rankdir: 'LR',
    ranker: 'longest-path',
    nodesep: NODE_GAP,
    ranksep: 110,
    edgesep: 8,
    marginx: 8,
    marginy: 8,
  });
  graph.setDefaultEdgeLabel(() => ({}));

  const column = nodeColumns(shape);
  const columns = Math.max(0, ...column.values()) + 1;
  for (const node of shape.nodes) graph.setNode(node.id, { ...NODE_SIZE[node.kind] });
  const hasOutgoing = new Set<string>();
  for (const edge of shape.edges) {
    const from = column.get(edge.source);
    const to = column.get(edge.target);
    if (from === undefined || to === undefined || edge.source === edge.target) continue;
    // minlen is the column distance, so every path is as long as the columns it crosses
    graph.setEdge(edge.source, edge.target, { minlen: Math.max(1, to - from) });
    hasOutgoing.add(edge.source);
  }
  // An invisible sink one column past the dead letters: every node without a successor points at it
  // across the columns it would skip, so every path from a node to the sink has the same length and
  // ranking by longest path puts each node exactly in its kind's column. Weight 0: it pulls no one.
  graph.setNode(SINK, { width: 0, height: 0 });
  for (const node of shape.nodes) {
    if (hasOutgoing.has(node.id)) continue;
    graph.setEdge(node.id, SINK, { minlen: columns - (column.get(node.id) ?? 0), weight: 0 });
  }

  dagre.layout(graph);
  return packColumns(shape, column, (id) => graph.node(id));
}

/**
 * Each node's column. Without processors, its kind's. A topic a processor writes to sits one column
 * right of that processor, and what reads a topic (groups, processors) one column right of its
 * rightmost input; dead letters stay last. Linear per pass, a few passes: run on layout only.
 */
export function nodeColumns(shape: Pick<GraphShape, 'nodes' | 'edges'>): Map<string, number> {
  const kinds = new Map(shape.nodes.map((n) => [n.id, n.kind]));
  const column = new Map(shape.nodes.map((n) => [n.id, KIND_COLUMN[n.kind]]));
  if (!shape.nodes.some((n) => n.kind === 'processor')) return column;
  const cap = KIND_COLUMN.processor + 2 * MAX_PROCESSOR_DEPTH;
  for (let pass = 0; pass <= 2 * MAX_PROCESSOR_DEPTH; pass++) {
    let changed = false;
    for (const edge of shape.edges) {
      const from = kinds.get(edge.source);
      const to = kinds.get(edge.target);
      const fromColumn = column.get(edge.source);
      const toColumn = column.get(edge.target);
      if (from === undefined || to === undefined || fromColumn === undefined || toColumn === undefined)
        continue;
      const pushed =
        (from === 'processor' && to === 'topic') ||
        (from === 'topic' && (to === 'processor' || to === 'group'));
      if (!pushed || toColumn > fromColumn) continue;
      column.set(edge.target, Math.min(cap, fromColumn + 1));
      changed = changed || Math.min(cap, fromColumn + 1) !== toColumn;
    }
    if (!changed) break;
  }
  const last = Math.max(
    KIND_COLUMN['dead-letters'],
    ...shape.nodes.filter((n) => n.kind !== 'dead-letters').map((n) => (column.get(n.id) ?? 0) + 1),
  );
  for (const node of shape.nodes) if (node.kind === 'dead-letters') column.set(node.id, last);
  return column;
}

/**
 * Dagre's order within each column, without its vertical spread: each column stacked tight (NODE_GAP
 * apart) and centred on the tallest one. Dagre aligns nodes with their neighbours, which on a bus
 * (every column fanning into every other) stretches the drawing to about twice its tallest column and
 * shrinks the fitted view; packing keeps the crossings dagre minimised and the height to one column.
 */
function packColumns(
  shape: GraphShape,
  columnOf: ReadonlyMap<string, number>,
  placed: (id: string) => { x?: number; y?: number },
): Layout {
  const columns = new Map<number, { id: string; kind: FlowKind; x: number; y: number }[]>();
  for (const node of shape.nodes) {
    const { x = 0, y = 0 } = placed(node.id);
    const index = columnOf.get(node.id) ?? KIND_COLUMN[node.kind];
    const column = columns.get(index) ?? [];
    column.push({ id: node.id, kind: node.kind, x, y });
    columns.set(index, column);
  }
  const columnHeight = (column: readonly { kind: FlowKind }[]) =>
    column.reduce((sum, n) => sum + NODE_SIZE[n.kind].height, 0) + NODE_GAP * (column.length - 1);
  const height = Math.max(0, ...[...columns.values()].map(columnHeight));

  const positions = new Map<string, { x: number; y: number }>();
  let width = 0;
  for (const column of columns.values()) {
    column.sort((a, b) => a.y - b.y || a.id.localeCompare(b.id));
    let y = Math.round((height - columnHeight(column)) / 2);
    for (const node of column) {
      const size = NODE_SIZE[node.kind];
      const x = Math.round(node.x - size.width / 2);
      positions.set(node.id, { x, y });
      width = Math.max(width, x + size.width);
      y += size.height + NODE_GAP;
    }
  }
  return { key: shape.key, positions, width, height };
}
