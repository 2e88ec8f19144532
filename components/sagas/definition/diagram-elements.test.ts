import { describe, expect, it } from 'vitest';
import type { SagaDefinitionSummary } from '@/server/contracts/sagas';
import { layoutDefinition } from '../lib/definition-layout';
import { diagramEdges, diagramNodes } from './diagram-elements';

const counts = { running: 0, failed: 0, compensating: 0, compensated: 0, stuck: 0 };
const steps: SagaDefinitionSummary['steps'] = [
  {
    name: 'reserve',
    action: 'local',
    compensation: { name: 'release' },
    ...counts,
    running: 2,
    compensated: 5,
  },
  { name: 'charge', action: 'command', timeoutMs: 500, maxAttempts: 3, ...counts, failed: 1 },
];

describe('diagram elements', () => {
  it('puts each step and compensation where the layout says, with its live counts', () => {
    const layout = layoutDefinition(steps);
    const nodes = diagramNodes(layout, steps);
    expect(nodes.map((node) => [node.id, node.type])).toEqual([
      ['step-0', 'step'],
      ['comp-0', 'compensation'],
      ['step-1', 'step'],
    ]);
    expect(nodes[0]!.data).toMatchObject({ name: 'reserve', running: 2, failed: 0 });
    expect(nodes[1]!.data).toMatchObject({ name: 'release', stepName: 'reserve', compensated: 5 });
    expect(nodes[2]!.data).toMatchObject({ timeoutMs: 500, maxAttempts: 3, failed: 1 });
    expect(nodes.map((node) => node.position)).toEqual(layout.nodes.map(({ x, y }) => ({ x, y })));
  });

  it('labels the undo link and styles each edge by its kind', () => {
    const edges = diagramEdges(layoutDefinition(steps));
    expect(edges.map((edge) => [edge.id, edge.label, edge.className])).toEqual([
      ['undo-0', 'undo', 'saga-edge-undo'],
      ['forward-0-1', undefined, 'saga-edge-forward'],
    ]);
  });
});
