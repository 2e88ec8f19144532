import { describe, expect, it } from 'vitest';
import { buildCausationTree } from './tree';
import type { TraceEventRow } from './types';

let clock = 0;
const ev = (id: string, causationId: string | null = null): TraceEventRow => ({
  id,
  source: '/services/s',
  service: 's',
  timeMs: (clock += 10),
  topic: 't',
  type: `type.${id}`,
  subject: null,
  causationId,
  foreign: false,
  sensitivity: null,
});
const outline = (events: TraceEventRow[], total?: number) =>
  buildCausationTree(events, total).rows.map(
    (r) => `${'  '.repeat(r.depth)}${r.kind}:${r.id}:${r.descendants}`,
  );

describe('buildCausationTree', () => {
  it('lists children oldest first, depth first, with descendant counts', () => {
    expect(outline([ev('a'), ev('b', 'a'), ev('c', 'a'), ev('d', 'b'), ev('e')])).toEqual([
      'event:a:3',
      '  event:b:1',
      '    event:d:0',
      '  event:c:0',
      'event:e:0',
    ]);
  });

  it('puts orphans under one missing-cause placeholder per unknown cause', () => {
    const tree = buildCausationTree([ev('a'), ev('x', 'gone'), ev('y', 'gone'), ev('z', 'x')]);
    expect(tree.rows.map((r) => `${r.kind}:${r.id}:${r.parentId}`)).toEqual([
      'event:a:null',
      'missing-cause:gone:null',
      'event:x:gone',
      'event:z:x',
      'event:y:gone',
    ]);
    expect(tree.missingCauses).toEqual([{ causationId: 'gone', orphans: [1, 2] }]);
  });

  it('ends on loops: each loop shown once, closed by a cycle placeholder', () => {
    const tree = buildCausationTree([ev('a', 'c'), ev('b', 'a'), ev('c', 'b'), ev('d', 'b'), ev('s', 's')]);
    expect(tree.rows.map((r) => `${'  '.repeat(r.depth)}${r.kind}:${r.id}`)).toEqual([
      'event:a',
      '  event:b',
      '    event:c',
      '      cycle:a',
      '    event:d',
      'event:s',
      '  cycle:s',
    ]);
    expect(tree.cycles).toEqual([{ eventIds: ['a', 'b', 'c'] }, { eventIds: ['s'] }]);
    expect(tree.parents).toEqual([null, 0, 1, 1, null]);
  });

  it('adds a truncated row when the trace has more events than were loaded', () => {
    expect(outline([ev('a')], 5)).toEqual(['event:a:0', 'truncated:truncated:0']);
  });

  it('builds a 10,000-deep chain without recursion, in linear time', () => {
    const chain = [ev('e0')];
    for (let i = 1; i < 10_000; i++) chain.push(ev(`e${i}`, `e${i - 1}`));
    const started = performance.now();
    const tree = buildCausationTree(chain);
    expect(performance.now() - started).toBeLessThan(200);
    expect(tree.rows).toHaveLength(10_000);
    expect(tree.rows[0]!.descendants).toBe(9_999);
    expect(tree.rows[9_999]!.depth).toBe(9_999);
  });
});
