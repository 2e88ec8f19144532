import { describe, expect, it } from 'vitest';
import type { TraceNode } from '@/server/contracts/traces';
import { nodeKey, parentIds, visibleNodes, waterfallRows } from './tree-rows';
import { sequenceModel } from './sequence';
import { mergeServiceTotals, serviceNames, serviceOfSource } from './service-name';
import { traceNode, traceDelivery } from './trace-fixtures';

// a > (b > c, d), e (a second root)
const nodes: TraceNode[] = [
  traceNode({ id: 'a', depth: 0, descendants: 3, critical: true }),
  traceNode({ id: 'b', parentId: 'a', depth: 1, descendants: 1, critical: true }),
  traceNode({ id: 'c', parentId: 'b', depth: 2, critical: true }),
  traceNode({ id: 'd', parentId: 'a', depth: 1 }),
  traceNode({ id: 'e', depth: 0 }),
];
const ids = (list: readonly TraceNode[]) => list.map((node) => node.id);

describe('visibleNodes', () => {
  it('shows everything when nothing is collapsed', () => {
    expect(ids(visibleNodes(nodes, { collapsed: new Set() }))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('hides the subtree of a collapsed row, nested or not', () => {
    expect(ids(visibleNodes(nodes, { collapsed: new Set(['b']) }))).toEqual(['a', 'b', 'd', 'e']);
    expect(ids(visibleNodes(nodes, { collapsed: new Set(['a', 'b']) }))).toEqual(['a', 'e']);
  });

  it('stops at the end of a partial page whose subtree continues on the next', () => {
    const page = nodes.slice(0, 2);
    expect(ids(visibleNodes(page, { collapsed: new Set(['a']) }))).toEqual(['a']);
  });

  it('keeps only the critical path when asked', () => {
    expect(ids(visibleNodes(nodes, { collapsed: new Set(['a']), criticalOnly: true }))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('lists parents and keys placeholders apart from the events they stand for', () => {
    expect(parentIds(nodes)).toEqual(['a', 'b']);
    const placeholder = traceNode({ id: 'a', kind: 'cycle', reason: 'loops' });
    expect(nodeKey(placeholder, 7)).toBe('cycle:a:7');
    expect(nodeKey(nodes[0]!, 0)).toBe('a');
  });
});

describe('waterfallRows and sequenceModel', () => {
  const withDeliveries: TraceNode[] = [
    traceNode({
      id: 'a',
      source: '/services/checkout',
      offsetMs: 0,
      deliveries: [
        traceDelivery({ service: 'billing', endMs: 30 }),
        traceDelivery({ service: 'mail', endMs: 9 }),
      ],
    }),
    traceNode({ id: 'b', source: 'billing', offsetMs: 20, deliveries: [traceDelivery({ service: 'ship' })] }),
    traceNode({ id: 'c', source: 'ship', offsetMs: 10 }),
    traceNode({ id: 'x', kind: 'missing-cause', reason: 'never recorded' }),
  ];

  it('puts a row per delivery under its event', () => {
    expect(waterfallRows(withDeliveries).map((row) => `${row.kind}:${row.node.id}`)).toEqual([
      'node:a',
      'delivery:a',
      'delivery:a',
      'node:b',
      'delivery:b',
      'node:c',
      'node:x',
    ]);
  });

  it('draws lanes in first-act order and arrows in time order, capped with the total', () => {
    const model = sequenceModel(withDeliveries, 3);
    expect(model.total).toBe(4);
    expect(model.lanes).toEqual(['checkout', 'billing', 'mail', 'ship']);
    expect(model.messages.map((m) => [m.eventId, m.from, m.to])).toEqual([
      ['a', 0, 1],
      ['a', 0, 2],
      ['c', 3, null],
    ]);
  });
});

describe('serviceOfSource', () => {
  it("maps the SDK's default source to its service and keeps any other", () => {
    expect(serviceOfSource('/services/billing')).toBe('billing');
    expect(serviceOfSource('https://example.com/billing')).toBe('https://example.com/billing');
    expect(serviceOfSource('/services/a/b')).toBe('/services/a/b');
    expect(serviceOfSource(null)).toBe('(unknown source)');
  });

  it('lists and totals the two spellings of one service once', () => {
    expect(serviceNames(['/services/b', 'b', 'a', 'urn:x'])).toEqual(['a', 'b', 'urn:x']);
    expect(
      mergeServiceTotals([
        { service: '/services/b', ms: 5, hops: 1 },
        { service: 'a', ms: 7, hops: 1 },
        { service: 'b', ms: 4, hops: 2 },
      ]),
    ).toEqual([
      { service: 'b', ms: 9, hops: 3 },
      { service: 'a', ms: 7, hops: 1 },
    ]);
  });
});
