import { describe, expect, it } from 'vitest';
import { compensationNodeId, DIAGRAM_NODE, layoutDefinition, stepNodeId } from './definition-layout';

const steps = [
  { name: 'reserve', compensation: { name: 'release' } },
  { name: 'notify' },
  { name: 'charge', compensation: { name: 'refund' } },
  { name: 'ship', compensation: { name: 'recall' } },
];

describe('layoutDefinition', () => {
  it('puts the steps on one row in order and each compensation under its own step', () => {
    const layout = layoutDefinition(steps);
    const at = (id: string) => layout.nodes.find((node) => node.id === id)!;
    const xs = steps.map((_, index) => at(stepNodeId(index)).x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(steps.map((_, index) => at(stepNodeId(index)).y)).size).toBe(1);
    for (const index of [0, 2, 3]) {
      expect(at(compensationNodeId(index)).x).toBe(at(stepNodeId(index)).x);
      expect(at(compensationNodeId(index)).y).toBeGreaterThanOrEqual(
        at(stepNodeId(index)).y + DIAGRAM_NODE.height,
      );
    }
    expect(layout.nodes.some((node) => node.id === compensationNodeId(1))).toBe(false);
  });

  it('links steps forward, each step to its undo, and the compensations back in reverse order', () => {
    const edges = layoutDefinition(steps).edges.map((edge) => `${edge.kind} ${edge.source}→${edge.target}`);
    expect(edges).toEqual([
      'undo step-0→comp-0',
      'forward step-0→step-1',
      'forward step-1→step-2',
      'undo step-2→comp-2',
      'rollback comp-2→comp-0',
      'forward step-2→step-3',
      'undo step-3→comp-3',
      'rollback comp-3→comp-2',
    ]);
  });

  it('keys the drawing by the steps alone and sizes it to fit', () => {
    const a = layoutDefinition(steps);
    expect(layoutDefinition(steps.map((step) => ({ ...step }))).key).toBe(a.key);
    expect(layoutDefinition(steps.slice(0, 3)).key).not.toBe(a.key);
    const right = Math.max(...a.nodes.map((node) => node.x + DIAGRAM_NODE.width));
    const bottom = Math.max(...a.nodes.map((node) => node.y + DIAGRAM_NODE.height));
    expect([a.width, a.height]).toEqual([right, bottom]);
    expect(layoutDefinition([{ name: 'only' }]).height).toBe(DIAGRAM_NODE.height);
  });
});
