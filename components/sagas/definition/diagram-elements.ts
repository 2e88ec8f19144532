/**
 * The definition diagram's React Flow elements: the layout's positions (definition-layout.ts) with the
 * live counts of the definition's instances on each step and compensation. Rebuilt on every refetch;
 * the positions, and so the view, change only with the steps.
 */
import type { Edge, Node } from '@xyflow/react';
import type { SagaDefinitionSummary } from '@/server/contracts/sagas';
import { DIAGRAM_NODE, type DiagramEdgeKind, type DiagramLayout } from '../lib/definition-layout';

type DefinitionStep = SagaDefinitionSummary['steps'][number];

export type StepNodeData = {
  index: number;
  name: string;
  action: DefinitionStep['action'];
  timeoutMs: number | null;
  maxAttempts: number | null;
  running: number;
  failed: number;
};

export type CompensationNodeData = {
  index: number;
  name: string;
  stepName: string;
  compensating: number;
  compensated: number;
  stuck: number;
};

export type StepFlowNode = Node<StepNodeData, 'step'>;
export type CompensationFlowNode = Node<CompensationNodeData, 'compensation'>;
export type DiagramFlowNode = StepFlowNode | CompensationFlowNode;

const EDGE_LABEL: Record<DiagramEdgeKind, string | undefined> = {
  forward: undefined,
  undo: 'undo',
  rollback: undefined,
};

export function diagramNodes(layout: DiagramLayout, steps: readonly DefinitionStep[]): DiagramFlowNode[] {
  return layout.nodes.flatMap((node): DiagramFlowNode[] => {
    const step = steps[node.index];
    if (!step) return [];
    const common = {
      id: node.id,
      position: { x: node.x, y: node.y },
      width: DIAGRAM_NODE.width,
      height: DIAGRAM_NODE.height,
      draggable: false,
      selectable: false,
    };
    if (node.kind === 'step') {
      return [
        {
          ...common,
          type: 'step',
          data: {
            index: node.index,
            name: step.name,
            action: step.action,
            timeoutMs: step.timeoutMs ?? null,
            maxAttempts: step.maxAttempts ?? null,
            running: step.running,
            failed: step.failed,
          },
        },
      ];
    }
    if (!step.compensation) return [];
    return [
      {
        ...common,
        type: 'compensation',
        data: {
          index: node.index,
          name: step.compensation.name,
          stepName: step.name,
          compensating: step.compensating,
          compensated: step.compensated,
          stuck: step.stuck,
        },
      },
    ];
  });
}

export function diagramEdges(layout: DiagramLayout): Edge[] {
  return layout.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourceHandle,
    targetHandle: edge.targetHandle,
    type: 'straight',
    label: EDGE_LABEL[edge.kind],
    className: `saga-edge-${edge.kind}`,
    focusable: false,
    selectable: false,
  }));
}
