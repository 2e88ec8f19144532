/**
 * Two traces side by side (pure): hops matched by their path of event types from the root (a repeated
 * type among siblings gets its index, oldest first: `x`, `x#1`, `x#2`), merged into one tree in depth-first order, each
 * hop marked where it exists on one side only or took much longer on one side.
 */
import type { TraceComparison, TraceDelivery, TraceSummary } from '@/server/contracts/traces';
import type { CausationTree } from './tree';
import type { TraceEventRow } from './types';

/** A hop is slower when it took more than this many times as long, and this much longer (ms). */
export const SLOWER_FACTOR = 2;
export const SLOWER_MIN_MS = 50;

export interface ComparedTrace {
  summary: TraceSummary;
  events: readonly TraceEventRow[];
  tree: Pick<CausationTree, 'rows'>;
  deliveries: ReadonlyMap<string, readonly TraceDelivery[]>;
}

type Side = NonNullable<TraceComparison['rows'][number]['a']>;
type Row = TraceComparison['rows'][number];

/** Worst first: the outcome a hop shows is its worst delivery's. */
const SEVERITY = [
  'dead-lettered',
  'failed',
  'discarded',
  'retrying',
  'in-flight',
  'replayed',
  'duplicate',
  'handled',
];

function hopOutcome(deliveries: readonly TraceDelivery[] | undefined): string {
  if (!deliveries || deliveries.length === 0) return 'published';
  let worst = SEVERITY.length;
  for (const delivery of deliveries) worst = Math.min(worst, SEVERITY.indexOf(delivery.outcome));
  return SEVERITY[worst] ?? 'handled';
}

interface Hop {
  path: string;
  parentPath: string | null;
  type: string;
  depth: number;
  side: Side;
}

/** The trace's events as hops keyed by path, in depth-first order. */
function hopsOf(trace: ComparedTrace): Hop[] {
  const startMs = trace.events[0]?.timeMs ?? 0;
  const pathOf = new Map<number, string>();
  /** Same-type siblings seen so far, per parent. */
  const typeCount = new Map<string, number>();
  const hops: Hop[] = [];
  for (const row of trace.tree.rows) {
    if (row.event === null) continue;
    const event = trace.events[row.event]!;
    const parentPath = row.parentEvent === null ? null : (pathOf.get(row.parentEvent) ?? null);
    const key = `${row.parentEvent ?? 'root'}\u0000${event.type}`;
    const n = typeCount.get(key) ?? 0;
    typeCount.set(key, n + 1);
    // the first of a type keeps the bare name, so that a twin with one fewer repeat still matches
    const name = n === 0 ? event.type : `${event.type}#${n}`;
    const path = parentPath === null ? name : `${parentPath} > ${name}`;
    pathOf.set(row.event, path);
    const parent = row.parentEvent === null ? null : trace.events[row.parentEvent]!;
    hops.push({
      path,
      parentPath,
      type: event.type,
      depth: parentPath === null ? 0 : path.split(' > ').length - 1,
      side: {
        eventId: event.id,
        offsetMs: event.timeMs - startMs,
        sinceParentMs: parent ? event.timeMs - parent.timeMs : null,
        outcome: hopOutcome(trace.deliveries.get(event.id)),
      },
    });
  }
  return hops;
}

function diffOf(a: Side | null, b: Side | null): Row['diff'] {
  if (!a) return 'only-in-b';
  if (!b) return 'only-in-a';
  const ta = a.sinceParentMs ?? a.offsetMs;
  const tb = b.sinceParentMs ?? b.offsetMs;
  if (ta > SLOWER_FACTOR * tb && ta - tb > SLOWER_MIN_MS) return 'slower-in-a';
  if (tb > SLOWER_FACTOR * ta && tb - ta > SLOWER_MIN_MS) return 'slower-in-b';
  return null;
}

export function compareTraces(a: ComparedTrace, b: ComparedTrace): TraceComparison {
  const merged = new Map<string, Row>();
  const children = new Map<string | null, string[]>();
  for (const [sideName, trace] of [
    ['a', a],
    ['b', b],
  ] as const) {
    for (const hop of hopsOf(trace)) {
      let row = merged.get(hop.path);
      if (!row) {
        row = { path: hop.path, type: hop.type, depth: hop.depth, a: null, b: null, diff: null };
        merged.set(hop.path, row);
        const siblings = children.get(hop.parentPath);
        if (siblings) siblings.push(hop.path);
        else children.set(hop.parentPath, [hop.path]);
      }
      // the first event on a path speaks for it (a path repeats only under a repeated missing cause)
      row[sideName] ??= hop.side;
    }
  }
  const rows: Row[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const path = stack.pop()!;
    const row = merged.get(path)!;
    rows.push({ ...row, diff: diffOf(row.a, row.b) });
    const kids = children.get(path) ?? [];
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return { a: a.summary, b: b.summary, rows };
}
