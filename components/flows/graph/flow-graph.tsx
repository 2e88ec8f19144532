'use client';

import '@xyflow/react/dist/style.css';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  getNodesBounds,
  useReactFlow,
  useStoreApi,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import { Map as MapIcon, Waves } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import type { FilteredGraph } from '../filter';
import { DeadLetterNode } from './dead-letter-node';
import { createEdgeBuilder, createNodeBuilder, FLOW_NODE_TYPE, type FlowNode } from './flow-elements';
import { FlowEdgeView } from './flow-edge';
import { GroupNode } from './group-node';
import { OpenNodeContext } from './open-node-context';
import { ProcessorNode } from './processor-node';
import { ServiceNode } from './service-node';
import { TopicNode } from './topic-node';
import { readableViewport, READABLE_ZOOM } from './readable-viewport';
import { useGraphLayout } from './use-graph-layout';
import { useFlowMotion } from './use-flow-motion';
import { useMinimap } from './use-minimap';
import styles from './flow-graph.module.css';

// Declared once: React Flow re-creates every node when these objects change identity.
const nodeTypes = {
  [FLOW_NODE_TYPE.service]: ServiceNode,
  [FLOW_NODE_TYPE.topic]: TopicNode,
  [FLOW_NODE_TYPE.group]: GroupNode,
  [FLOW_NODE_TYPE.processor]: ProcessorNode,
  [FLOW_NODE_TYPE['dead-letters']]: DeadLetterNode,
} satisfies NodeTypes;
const edgeTypes = { flow: FlowEdgeView } satisfies EdgeTypes;

const MINIMAP_COLOUR: Record<string, string> = {
  ok: 'var(--ok)',
  degraded: 'var(--degraded)',
  failing: 'var(--failing)',
  unknown: 'var(--neutral)',
};
const MINIMAP_SIZE = { width: 140, height: 90 };
const minimapColour = (node: FlowNode) => MINIMAP_COLOUR[node.data.health] ?? 'var(--neutral)';

// room on the left for the zoom controls, so no node starts under them
const INSETS = { top: 16, right: 16, bottom: 24, left: 64 };
/** The first paint, before the nodes are measured: React Flow's own fit, kept readable. */
const FIT_VIEW = {
  padding: { top: '16px', right: '16px', bottom: '24px', left: '64px' },
  minZoom: READABLE_ZOOM,
  maxZoom: 1,
} as const;

interface FlowGraphProps {
  graph: FilteredGraph;
  selectedId: string | null;
  onOpen: (id: string) => void;
  /** The details panel beside the graph (on wide screens) narrows it: fit again when it opens or closes. */
  panelOpen: boolean;
}

/**
 * The live flow graph. Layout follows the graph's shape only; each tick rebuilds the element lists,
 * but the builders hand back the previous object for every node and edge whose shown figures did not
 * change, so React Flow re-renders just those that did.
 */
export function FlowGraph({ graph, selectedId, onOpen, panelOpen }: FlowGraphProps) {
  const layout = useGraphLayout(graph);
  const buildNode = useMemo(() => createNodeBuilder(layout), [layout]);
  const motion = useFlowMotion();
  const buildEdge = useMemo(() => createEdgeBuilder(motion.moving), [motion.moving]);
  // a node new to the graph shows once the layout has placed it (the worker answers within a frame or two)
  const nodes = useMemo(
    () =>
      graph.nodes
        .filter((node) => layout.positions.has(node.id))
        .map((node) => buildNode(node, node.id === selectedId)),
    [graph.nodes, layout, buildNode, selectedId],
  );
  const edges = useMemo(
    () =>
      graph.edges
        .filter((edge) => layout.positions.has(edge.from) && layout.positions.has(edge.to))
        .map(buildEdge),
    [graph.edges, layout, buildEdge],
  );
  const minimap = useMinimap();

  return (
    <OpenNodeContext value={onOpen}>
      <div className={styles.canvas}>
        <ReactFlow<FlowNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          fitView
          fitViewOptions={FIT_VIEW}
          minZoom={0.1}
          maxZoom={2}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          attributionPosition="top-right"
          aria-label="Flow graph"
        >
          <Refit when={`${layout.key}\n${panelOpen}`} />
          <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
          <Controls showInteractive={false} position="top-left" orientation="vertical">
            <ControlButton
              onClick={minimap.toggle}
              aria-pressed={minimap.shown}
              aria-label="Mini map"
              title={minimap.shown ? 'Hide the mini map' : 'Show the mini map'}
            >
              <MapIcon size={12} aria-hidden />
            </ControlButton>
            <ControlButton
              onClick={motion.toggle}
              aria-pressed={motion.moving}
              aria-label="Animate flows"
              title={motion.moving ? 'Stop the moving dashes' : 'Move dashes along flowing edges'}
            >
              <Waves size={12} aria-hidden />
            </ControlButton>
          </Controls>
          {minimap.shown ? (
            <MiniMap<FlowNode>
              position="bottom-right"
              pannable
              zoomable
              nodeColor={minimapColour}
              nodeStrokeWidth={0}
              style={MINIMAP_SIZE}
              ariaLabel="Mini map of the flow graph"
            />
          ) : null}
        </ReactFlow>
      </div>
    </OpenNodeContext>
  );
}

/**
 * Fits the view again when `when` changes: the drawing (a filter, a new node) or the canvas width (the
 * panel), never on a live tick. A graph too big to read whole starts at its top left (readableViewport).
 */
function Refit({ when }: { when: string }) {
  const { getNodes, setViewport } = useReactFlow<FlowNode>();
  const store = useStoreApi<FlowNode>();
  useEffect(() => {
    const fit = () => {
      const { width, height } = store.getState();
      const nodes = getNodes();
      if (nodes.length === 0 || width === 0) return;
      void setViewport(readableViewport(getNodesBounds(nodes), { width, height }, INSETS), { duration: 200 });
    };
    // two frames: React Flow takes the new nodes in, then its resize observer the new canvas size
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(fit);
    });
    return () => cancelAnimationFrame(frame);
  }, [when, getNodes, setViewport, store]);
  return null;
}
