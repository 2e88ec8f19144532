import { describe, expect, it } from 'vitest';
import type { TraceDelivery, TraceSummary } from '@/server/contracts/traces';
import { compareTraces, type ComparedTrace } from './compare';
import { buildCausationTree } from './tree';
import type { TraceEventRow } from './types';

const ev = (id: string, type: string, timeMs: number, causationId: string | null): TraceEventRow => ({
  id,
  source: '/services/s',
  service: 's',
  timeMs,
  topic: 't',
  type,
  subject: null,
  causationId,
  foreign: false,
  sensitivity: null,
});
const traced = (events: TraceEventRow[], deliveries = new Map<string, TraceDelivery[]>()): ComparedTrace => ({
  summary: { correlationId: events[0]!.id } as TraceSummary,
  events,
  tree: buildCausationTree(events),
  deliveries,
});

describe('compareTraces', () => {
  it('matches hops by type path, indexes repeated siblings, marks one-sided and slower hops', () => {
    const a = traced([ev('a1', 'order', 0, null), ev('a2', 'pay', 10, 'a1'), ev('a3', 'mail', 20, 'a1')]);
    const b = traced([
      ev('b1', 'order', 0, null),
      ev('b2', 'pay', 400, 'b1'),
      ev('b3', 'ship', 420, 'b2'),
      ev('b4', 'ship', 430, 'b2'),
    ]);
    const rows = compareTraces(a, b).rows;
    expect(rows.map((r) => [r.path, r.depth, r.a?.eventId ?? null, r.b?.eventId ?? null, r.diff])).toEqual([
      ['order', 0, 'a1', 'b1', null],
      ['order > pay', 1, 'a2', 'b2', 'slower-in-b'],
      ['order > pay > ship', 2, null, 'b3', 'only-in-b'],
      ['order > pay > ship#1', 2, null, 'b4', 'only-in-b'],
      ['order > mail', 1, 'a3', null, 'only-in-a'],
    ]);
  });

  it('needs more than twice and 50 ms more to call a hop slower', () => {
    const a = traced([ev('a1', 'order', 0, null), ev('a2', 'pay', 40, 'a1')]);
    const b = traced([ev('b1', 'order', 0, null), ev('b2', 'pay', 85, 'b1')]);
    expect(compareTraces(a, b).rows[1]!.diff).toBeNull();
    const c = traced([ev('c1', 'order', 0, null), ev('c2', 'pay', 100, 'c1')]);
    expect(compareTraces(c, a).rows[1]!.diff).toBe('slower-in-a');
  });

  it("shows a hop's worst delivery outcome", () => {
    const bad = { outcome: 'dead-lettered' } as TraceDelivery;
    const good = { outcome: 'handled' } as TraceDelivery;
    const a = traced([ev('a1', 'order', 0, null)], new Map([['a1', [good, bad]]]));
    const b = traced([ev('b1', 'order', 0, null)]);
    const [row] = compareTraces(a, b).rows;
    expect([row!.a!.outcome, row!.b!.outcome]).toEqual(['dead-lettered', 'published']);
  });
});
