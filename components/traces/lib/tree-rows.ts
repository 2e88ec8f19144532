/**
 * The rows the tree and the waterfall show of a trace's loaded nodes: depth-first as the API sends
 * them, minus what sits under a collapsed row (a node's `descendants` rows follow it), or only the
 * critical path. Pure and linear, so 10,000 nodes re-filter on every toggle without a long task.
 */
import type { TraceDelivery, TraceNode } from '@/server/contracts/traces';

export interface VisibleOptions {
  /** Ids of collapsed rows. */
  collapsed: ReadonlySet<string>;
  /** Only critical rows (placeholders too, since they explain a gap in it). */
  criticalOnly?: boolean;
}

/** A node's row key: a placeholder can stand for the id of an event that is also a row. */
export function nodeKey(node: TraceNode, index: number): string {
  return node.kind === 'event' ? node.id : `${node.kind}:${node.id}:${index}`;
}

export function visibleNodes(nodes: readonly TraceNode[], options: VisibleOptions): TraceNode[] {
  const out: TraceNode[] = [];
  if (options.criticalOnly) {
    for (const node of nodes) if (node.critical) out.push(node);
    return out;
  }
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    out.push(node);
    // the subtree is contiguous in depth-first order; on a partial page it may end past the last row
    if (node.descendants > 0 && options.collapsed.has(node.id)) i += node.descendants;
  }
  return out;
}

export type WaterfallRow =
  { kind: 'node'; node: TraceNode } | { kind: 'delivery'; node: TraceNode; delivery: TraceDelivery };

/** The waterfall's rows: each node, then one row per consumer group's delivery of it. */
export function waterfallRows(nodes: readonly TraceNode[]): WaterfallRow[] {
  const out: WaterfallRow[] = [];
  for (const node of nodes) {
    out.push({ kind: 'node', node });
    for (const delivery of node.deliveries) out.push({ kind: 'delivery', node, delivery });
  }
  return out;
}

/** Rows with children on the page, for "Collapse all". */
export function parentIds(nodes: readonly TraceNode[]): string[] {
  return nodes.filter((node) => node.descendants > 0).map((node) => node.id);
}
