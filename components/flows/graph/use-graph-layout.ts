import { useMemo, useState } from 'react';
import type { FilteredGraph } from '../filter';
import { graphShape, layoutGraph, type GraphShape, type Layout } from '../layout';

/**
 * The graph's layout, recomputed only when its shape (node and edge ids) changes: a live tick that
 * only moves figures gets the same Layout object back. The shape is kept in state and replaced during
 * render when its key changes (React's "adjust state when a prop changes" pattern, without an effect
 * and its extra paint).
 */
export function useGraphLayout(graph: FilteredGraph): Layout {
  const next = useMemo(() => graphShape(graph.nodes, graph.edges), [graph.nodes, graph.edges]);
  const [shape, setShape] = useState<GraphShape>(next);
  const current = next.key === shape.key ? shape : next;
  if (current !== shape) setShape(current);
  return useMemo(() => layoutGraph(current), [current]);
}
