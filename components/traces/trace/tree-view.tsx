'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { ChevronDown, ChevronRight, CircleSlash, Repeat, Scissors } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatCount, formatDateTime, formatDelay, formatLatency } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import type { TraceNode } from '@/server/contracts/traces';
import { serviceOfSource } from '../lib/service-name';
import { nodeKey, parentIds, visibleNodes } from '../lib/tree-rows';
import { DeliveryLine } from './delivery-line';
import styles from './tree.module.css';

const NODE_HEIGHT = 34;
const DELIVERY_HEIGHT = 26;
const INDENT = 18;
/** Deeper rows stop moving right: a 50-hop chain stays readable. */
const MAX_INDENT_DEPTH = 24;
const MAX_HEIGHT = 640;

interface TreeViewProps {
  nodes: readonly TraceNode[];
  criticalOnly: boolean;
  /** More rows on the server: called when the end of the list scrolls into view. */
  onEndReached?: () => void;
}

const rowHeight = (node: TraceNode) => NODE_HEIGHT + node.deliveries.length * DELIVERY_HEIGHT;

/**
 * The causation tree, virtualized: each event with the consumer groups' deliveries under it, marked
 * placeholders where the tree could not go on, and rows collapsible by their subtree.
 */
export function TreeView({ nodes, criticalOnly, onEndReached }: TreeViewProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(
    () => visibleNodes(nodes, { collapsed, criticalOnly }),
    [nodes, collapsed, criticalOnly],
  );
  // the app does not run the React Compiler; this component re-renders with its virtualizer as usual
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => rowHeight(rows[index]!),
    overscan: 10,
    getItemKey: (index) => nodeKey(rows[index]!, index),
    initialRect: { width: 0, height: MAX_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onEndReached && last >= rows.length - 20) onEndReached();
  }, [last, rows.length, onEndReached]);

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className={styles.frame}>
      <div className={styles.toolbar}>
        <span className={styles.subtle}>
          {formatCount(rows.length)} of {formatCount(nodes.length)} loaded rows shown
        </span>
        <button type="button" className={styles.textButton} onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button
          type="button"
          className={styles.textButton}
          onClick={() => setCollapsed(new Set(parentIds(nodes)))}
        >
          Collapse all
        </button>
      </div>
      <div
        ref={scrollRef}
        role="tree"
        aria-label="Causation tree"
        className={styles.scroll}
        style={{ maxHeight: MAX_HEIGHT }}
      >
        <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const node = rows[item.index]!;
            return (
              <div
                key={item.key}
                className={styles.row}
                data-critical={(node.critical && !criticalOnly) || undefined}
                style={{ height: rowHeight(node), transform: `translateY(${item.start}px)` }}
              >
                {node.kind === 'event' ? (
                  <EventRow
                    node={node}
                    expanded={node.descendants > 0 ? !collapsed.has(node.id) : undefined}
                    onToggle={() => toggle(node.id)}
                    indent={criticalOnly ? 0 : node.depth}
                    position={item.index + 1}
                    setSize={rows.length}
                  />
                ) : (
                  <PlaceholderRow node={node} indent={criticalOnly ? 0 : node.depth} />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function indentOf(depth: number): number {
  return Math.min(depth, MAX_INDENT_DEPTH) * INDENT;
}

interface EventRowProps {
  node: TraceNode;
  /** Undefined for a leaf. */
  expanded: boolean | undefined;
  onToggle(): void;
  indent: number;
  position: number;
  setSize: number;
}

function EventRow({ node, expanded, onToggle, indent, position, setSize }: EventRowProps) {
  const type = node.type ?? 'foreign entry';
  return (
    <div
      role="treeitem"
      aria-level={node.depth + 1}
      aria-expanded={expanded}
      aria-posinset={position}
      aria-setsize={setSize}
      aria-label={`${type} from ${node.source ?? 'unknown'}`}
      className={styles.item}
      style={{ paddingLeft: indentOf(indent) }}
    >
      <div className={styles.eventLine} style={{ height: NODE_HEIGHT }}>
        {expanded === undefined ? (
          <span className={styles.toggleSpacer} />
        ) : (
          <button
            type="button"
            className={styles.toggle}
            aria-label={`${expanded ? 'Collapse' : 'Expand'} ${type} (${formatCount(node.descendants)} below)`}
            onClick={onToggle}
          >
            {expanded ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
          </button>
        )}
        {node.critical ? <span className={styles.criticalDot} title="On the critical path" /> : null}
        <Link
          href={routes.events({ mode: 'history', event: node.id })}
          className={styles.type}
          title={`Open ${type} in Events`}
        >
          {type}
        </Link>
        <span className={styles.service} title={node.source ?? undefined}>
          {serviceOfSource(node.source)}
        </span>
        <span className={styles.topic}>{node.topic ?? ''}</span>
        {node.foreign ? <span className={styles.tag}>foreign</span> : null}
        {expanded === false ? (
          <span className={styles.tag}>{formatCount(node.descendants)} hidden</span>
        ) : null}
        <span className={styles.timing}>
          <span title="Since the parent event was published">
            {node.sinceParentMs === null ? 'root' : formatDelay(node.sinceParentMs)}
          </span>
          <span className={styles.subtle} title={node.time ? formatDateTime(node.time) : undefined}>
            @ {formatLatency(node.offsetMs)}
          </span>
        </span>
      </div>
      {node.deliveries.map((delivery, i) => (
        <DeliveryLine key={`${delivery.group}/${i}`} delivery={delivery} />
      ))}
    </div>
  );
}

const PLACEHOLDER = {
  'missing-cause': { label: 'Missing cause', Icon: CircleSlash },
  cycle: { label: 'Cycle', Icon: Repeat },
  truncated: { label: 'Truncated', Icon: Scissors },
} as const;

function PlaceholderRow({ node, indent }: { node: TraceNode; indent: number }) {
  const { label, Icon } = PLACEHOLDER[node.kind as keyof typeof PLACEHOLDER];
  return (
    <div
      role="treeitem"
      aria-level={node.depth + 1}
      aria-label={`${label}: ${node.reason ?? ''}`}
      className={styles.placeholder}
      data-kind={node.kind}
      style={{ paddingLeft: indentOf(indent) + 22, height: NODE_HEIGHT }}
    >
      <Icon size={14} aria-hidden />
      <strong>{label}</strong>
      <span className={styles.reason}>{node.reason}</span>
      <span className={styles.mono} title={node.id}>
        {node.id}
      </span>
    </div>
  );
}
