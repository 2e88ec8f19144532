import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FilteredGraph } from '../filter';
import { graphShape, layoutGraph, type GraphShape, type Layout } from '../layout';
import { fromMessage, type LayoutMessage } from '../layout-message';

/**
 * The graph's layout, recomputed only when its shape (node and edge ids) changes: a live tick that
 * only moves figures gets the same Layout object back. The first layout is computed in place (the first
 * paint needs positions); later ones in a worker, so a new node or a filter never blocks the main
 * thread. Until the answer comes, the previous layout stands.
 */
export function useGraphLayout(graph: FilteredGraph): Layout {
  const shape = useMemo(() => graphShape(graph.nodes, graph.edges), [graph.nodes, graph.edges]);
  const [layout, setLayout] = useState<Layout>(() => layoutGraph(shape));
  const requested = useRef(shape.key);
  const requestLayout = useLayoutWorker(setLayout);

  useEffect(() => {
    if (requested.current === shape.key) return;
    requested.current = shape.key;
    requestLayout(shape);
  }, [shape, requestLayout]);

  return layout;
}

/**
 * Lays shapes out in a worker started after the first paint and stopped with the graph; where no
 * worker runs (an old browser) or it failed, in place, after the current render.
 */
function useLayoutWorker(onLayout: (layout: Layout) => void): (shape: GraphShape) => void {
  const worker = useRef<Worker | null>(null);
  const latest = useRef<GraphShape | null>(null);
  const inPlace = useCallback(
    (shape: GraphShape) => queueMicrotask(() => onLayout(layoutGraph(shape))),
    [onLayout],
  );

  useEffect(() => {
    try {
      const started = new Worker(new URL('../layout.worker.ts', import.meta.url), { type: 'module' });
      started.onmessage = (event: MessageEvent<LayoutMessage>) => onLayout(fromMessage(event.data));
      started.onerror = () => {
        started.terminate();
        worker.current = null;
        if (latest.current) inPlace(latest.current);
      };
      worker.current = started;
    } catch {
      worker.current = null;
    }
    return () => {
      worker.current?.terminate();
      worker.current = null;
    };
  }, [onLayout, inPlace]);

  return useCallback(
    (shape: GraphShape) => {
      latest.current = shape;
      if (worker.current) worker.current.postMessage(shape);
      else inPlace(shape);
    },
    [inPlace],
  );
}
