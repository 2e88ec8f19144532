'use client';

import '@xyflow/react/dist/style.css';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  ReactFlow,
  type NodeTypes,
} from '@xyflow/react';
import { useMemo } from 'react';
import type { SagaDefinitionSummary } from '@/server/contracts/sagas';
import { layoutDefinition } from '../lib/definition-layout';
import { CompensationNode } from './compensation-node';
import { diagramEdges, diagramNodes, type DiagramFlowNode } from './diagram-elements';
import { StepNode } from './step-node';
import styles from './diagram.module.css';

// Declared once: React Flow re-creates every node when this object changes identity.
const nodeTypes = { step: StepNode, compensation: CompensationNode } satisfies NodeTypes;
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 } };
const FIT_VIEW = { padding: 0.12, maxZoom: 1 } as const;
/** Canvas height around the drawing (two rows of nodes and their edges), before zooming to fit. */
const CANVAS_PADDING = 72;

/**
 * A definition as a diagram: its steps in order, each compensation under its step with the rollback
 * running back right to left, and on every node the instances there now (refetched every few seconds by
 * the caller). The view fits again only when the steps change (the key), never on a new count.
 */
export function DefinitionDiagram({ definition }: { definition: SagaDefinitionSummary }) {
  const shape = definition.steps.map((step) => ({ name: step.name, compensation: step.compensation }));
  const shapeKey = JSON.stringify(shape);
  // the layout follows the steps' names only, so a new count does not lay the diagram out again
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => layoutDefinition(shape), [shapeKey]);
  const nodes = useMemo(() => diagramNodes(layout, definition.steps), [layout, definition.steps]);
  const edges = useMemo(() => diagramEdges(layout), [layout]);
  const label = `Diagram of ${definition.name} v${definition.version}: ${definition.steps.length} steps and their compensations, with instances on each`;

  return (
    <figure
      className={styles.figure}
      aria-label={label}
      style={{ height: layout.height + CANVAS_PADDING * 2 }}
    >
      <ReactFlow<DiagramFlowNode>
        key={layout.key}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.2}
        maxZoom={1.5}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        panOnScroll={false}
        zoomOnScroll={false}
        preventScrolling={false}
        attributionPosition="bottom-right"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <Controls showInteractive={false} position="top-left" orientation="vertical" />
      </ReactFlow>
    </figure>
  );
}
