/**
 * Where the definition diagram draws its nodes: the steps in order on one row, left to right, and each
 * step's compensation right under it, so a step and its undo always share a column. Edges: a step to
 * the next, a step down to its compensation, and the compensations right to left (they run in reverse
 * over the completed steps). Pure: the same steps always give the same drawing, and the live counts
 * never move a node.
 */

export interface DiagramStep {
  name: string;
  compensation?: { name: string } | undefined;
}

export type DiagramNodeKind = 'step' | 'compensation';

export interface DiagramNode {
  id: string;
  kind: DiagramNodeKind;
  /** The step's index (its compensation's too). */
  index: number;
  x: number;
  y: number;
}

export type DiagramEdgeKind = 'forward' | 'undo' | 'rollback';

export interface DiagramEdge {
  id: string;
  kind: DiagramEdgeKind;
  source: string;
  target: string;
  sourceHandle: HandleId;
  targetHandle: HandleId;
}

/** The handles a node offers: the step row flows through left/right, the undo link is vertical. */
export type HandleId = 'left' | 'right' | 'top' | 'bottom';

export interface DiagramLayout {
  /** Equal keys mean the same drawing (fit the view again only when it changes). */
  key: string;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  width: number;
  height: number;
}

export const DIAGRAM_NODE = { width: 236, height: 64 } as const;
const GAP_X = 56;
const GAP_Y = 40;

export const stepNodeId = (index: number) => `step-${index}`;
export const compensationNodeId = (index: number) => `comp-${index}`;

export function layoutDefinition(steps: readonly DiagramStep[]): DiagramLayout {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const column = (index: number) => index * (DIAGRAM_NODE.width + GAP_X);
  const compensationRow = DIAGRAM_NODE.height + GAP_Y;
  let previousCompensation: number | null = null;

  steps.forEach((step, index) => {
    nodes.push({ id: stepNodeId(index), kind: 'step', index, x: column(index), y: 0 });
    if (index > 0) {
      edges.push({
        id: `forward-${index - 1}-${index}`,
        kind: 'forward',
        source: stepNodeId(index - 1),
        target: stepNodeId(index),
        sourceHandle: 'right',
        targetHandle: 'left',
      });
    }
    if (!step.compensation) return;
    nodes.push({
      id: compensationNodeId(index),
      kind: 'compensation',
      index,
      x: column(index),
      y: compensationRow,
    });
    edges.push({
      id: `undo-${index}`,
      kind: 'undo',
      source: stepNodeId(index),
      target: compensationNodeId(index),
      sourceHandle: 'bottom',
      targetHandle: 'top',
    });
    // a step without a compensation is skipped over: the rollback goes on to the one before it
    if (previousCompensation !== null) {
      edges.push({
        id: `rollback-${index}-${previousCompensation}`,
        kind: 'rollback',
        source: compensationNodeId(index),
        target: compensationNodeId(previousCompensation),
        sourceHandle: 'left',
        targetHandle: 'right',
      });
    }
    previousCompensation = index;
  });

  const hasCompensation = steps.some((step) => step.compensation);
  return {
    key: steps.map((step) => `${step.name}>${step.compensation?.name ?? ''}`).join('\n'),
    nodes,
    edges,
    width: steps.length === 0 ? 0 : column(steps.length - 1) + DIAGRAM_NODE.width,
    height: hasCompensation ? compensationRow + DIAGRAM_NODE.height : DIAGRAM_NODE.height,
  };
}
