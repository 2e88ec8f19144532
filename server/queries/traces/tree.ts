/**
 * The causation tree of a trace's events (pure, O(n)): children by causation id, oldest first, as
 * depth-first rows. Where the tree cannot continue it says so with a placeholder row instead of
 * dropping events or looping: a cause that is not in the trace (`missing-cause`, its orphans under
 * it), an event that causes one of its own ancestors (`cycle`, a leaf where the chain loops back), and
 * events beyond the cap (`truncated`). Iterative throughout: a 10,000-hop chain is 10,000 deep.
 */
import type { TraceEventRow } from './types';

export type TreeRowKind = 'event' | 'missing-cause' | 'cycle' | 'truncated';

export interface TreeRow {
  kind: TreeRowKind;
  /** The event id; for a placeholder, the id it stands for. */
  id: string;
  parentId: string | null;
  depth: number;
  /** Rows under this one. */
  descendants: number;
  /** Index into the events for `event` rows, else null. */
  event: number | null;
  /** The parent row's event index, when the parent is an event (for times since the parent). */
  parentEvent: number | null;
}

export interface CausationTree {
  rows: TreeRow[];
  /** The events' tree parent (index), null for roots, orphans and a cycle's entry. */
  parents: (number | null)[];
  /** Causation ids not in the trace, with the events that name them (first orphan's order). */
  missingCauses: { causationId: string; orphans: number[] }[];
  /** Each loop found: the ids of the events on it, entry (the earliest) first. */
  cycles: { eventIds: string[] }[];
}

interface StackItem {
  event: number;
  parentId: string | null;
  parentEvent: number | null;
  depth: number;
}

/**
 * Builds the tree of `events`, which must be sorted oldest first. `truncatedTotal`: how many events
 * the trace has when `events` holds only the first of them (adds a `truncated` row).
 */
export function buildCausationTree(events: readonly TraceEventRow[], truncatedTotal?: number): CausationTree {
  const n = events.length;
  const indexOf = new Map<string, number>();
  events.forEach((event, i) => {
    if (!indexOf.has(event.id)) indexOf.set(event.id, i);
  });

  // most events are leaves: their child lists stay unallocated
  const children: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  const causeOf: (number | null)[] = new Array<number | null>(n).fill(null);
  const missing = new Map<string, number[]>();
  const tops: { at: number; kind: 'root' | 'missing'; event: number; causationId?: string }[] = [];
  events.forEach((event, i) => {
    const cause = event.causationId;
    if (cause === null) {
      tops.push({ at: i, kind: 'root', event: i });
      return;
    }
    const parent = indexOf.get(cause);
    if (parent === undefined) {
      const orphans = missing.get(cause);
      if (orphans) orphans.push(i);
      else {
        missing.set(cause, [i]);
        tops.push({ at: i, kind: 'missing', event: i, causationId: cause });
      }
      return;
    }
    causeOf[i] = parent;
    const siblings = children[parent];
    if (siblings) siblings.push(i);
    else children[parent] = [i];
  });

  const rows: TreeRow[] = [];
  const visited = new Uint8Array(n);
  const parents: (number | null)[] = new Array<number | null>(n).fill(null);
  /** Rows still open for their descendant count: indexes into `rows`, shallowest first. */
  const open: number[] = [];
  const push = (row: TreeRow): void => {
    while (open.length > 0 && rows[open[open.length - 1]!]!.depth >= row.depth) {
      const closed = open.pop()!;
      rows[closed]!.descendants = rows.length - closed - 1;
    }
    open.push(rows.length);
    rows.push(row);
  };

  const walk = (start: StackItem): void => {
    const stack: StackItem[] = [start];
    while (stack.length > 0) {
      const item = stack.pop()!;
      const event = events[item.event]!;
      if (visited[item.event]) {
        // reached again through its own descendants: the chain loops back here
        push({
          kind: 'cycle',
          id: event.id,
          parentId: item.parentId,
          depth: item.depth,
          event: null,
          parentEvent: item.parentEvent,
          descendants: 0,
        });
        continue;
      }
      visited[item.event] = 1;
      parents[item.event] = item.parentEvent;
      push({
        kind: 'event',
        id: event.id,
        parentId: item.parentId,
        depth: item.depth,
        event: item.event,
        parentEvent: item.parentEvent,
        descendants: 0,
      });
      const kids = children[item.event];
      if (!kids) continue;
      // reversed onto the stack, so the oldest child comes off first
      for (let k = kids.length - 1; k >= 0; k--) {
        stack.push({ event: kids[k]!, parentId: event.id, parentEvent: item.event, depth: item.depth + 1 });
      }
    }
  };

  for (const top of tops) {
    if (top.kind === 'root') {
      walk({ event: top.event, parentId: null, parentEvent: null, depth: 0 });
      continue;
    }
    const causationId = top.causationId!;
    push({
      kind: 'missing-cause',
      id: causationId,
      parentId: null,
      depth: 0,
      event: null,
      parentEvent: null,
      descendants: 0,
    });
    for (const orphan of missing.get(causationId)!) {
      walk({ event: orphan, parentId: causationId, parentEvent: null, depth: 1 });
    }
  }

  // Whatever is left has a cause inside the trace yet no root above it: it hangs under a loop.
  const cycles: { eventIds: string[] }[] = [];
  for (let i = 0; i < n; i++) {
    if (visited[i]) continue;
    const onPath = new Map<number, number>();
    const path: number[] = [];
    let cursor: number | null = i;
    while (cursor !== null && !visited[cursor] && !onPath.has(cursor)) {
      onPath.set(cursor, path.length);
      path.push(cursor);
      cursor = causeOf[cursor] ?? null;
    }
    const members = cursor !== null && onPath.has(cursor) ? path.slice(onPath.get(cursor)) : path;
    // the earliest event on the loop opens it (the events are sorted, so the smallest index)
    const entry = members.reduce((a, b) => Math.min(a, b));
    const ordered = [...members].sort((a, b) => a - b);
    cycles.push({ eventIds: ordered.map((m) => events[m]!.id) });
    walk({ event: entry, parentId: null, parentEvent: null, depth: 0 });
  }

  if (truncatedTotal !== undefined && truncatedTotal > n) {
    push({
      kind: 'truncated',
      id: 'truncated',
      parentId: null,
      depth: 0,
      event: null,
      parentEvent: null,
      descendants: 0,
    });
  }
  while (open.length > 0) {
    const closed = open.pop()!;
    rows[closed]!.descendants = rows.length - closed - 1;
  }
  return {
    rows,
    parents,
    missingCauses: [...missing].map(([causationId, orphans]) => ({ causationId, orphans })),
    cycles,
  };
}
