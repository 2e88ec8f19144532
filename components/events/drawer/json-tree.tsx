'use client';

import { useMemo, useState } from 'react';
import { formatCount, plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import {
  DEFAULT_JSON_LIMITS,
  describeContainer,
  initiallyOpen,
  isContainer,
  isTruncated,
  shapeJson,
  stringLiteral,
  type JsonKey,
  type JsonNode,
} from '../lib/json-shape';
import styles from './json-tree.module.css';

interface JsonTreeProps {
  value: unknown;
  /** Names the tree for assistive tech: "Event data". */
  label: string;
}

/**
 * A collapsible JSON tree. Big payloads are shaped with limits (lib/json-shape.ts): each cut string or
 * list has its own "Show all", and one button lifts every limit. Key it by the event so its state
 * starts fresh for each one.
 */
export function JsonTree({ value, label }: JsonTreeProps) {
  const [showAll, setShowAll] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const root = useMemo(
    () => shapeJson(value, { limits: showAll ? null : DEFAULT_JSON_LIMITS, expanded }),
    [value, showAll, expanded],
  );
  const [open] = useState(() => initiallyOpen(root));
  const expand = (path: string) => setExpanded((current) => new Set(current).add(path));
  const truncated = !showAll && isTruncated(root);

  return (
    <div className={styles.tree}>
      {truncated ? (
        <div className={styles.notice}>
          <span>Long values are cut so the drawer stays fast.</span>
          <Button size="sm" onClick={() => setShowAll(true)}>
            Show all
          </Button>
        </div>
      ) : null}
      <ul className={styles.root} aria-label={label}>
        <Node node={root} open={open} onExpand={expand} />
      </ul>
    </div>
  );
}

interface NodeProps {
  node: JsonNode;
  open: ReadonlySet<string>;
  onExpand(path: string): void;
}

function Node({ node, open, onExpand }: NodeProps) {
  const label = <KeyLabel name={node.key} />;
  if (isContainer(node)) {
    const summary = <span className={styles.punct}>{describeContainer(node)}</span>;
    if (node.total === 0) {
      return (
        <li className={styles.leaf} title={node.path}>
          {label}
          {summary}
        </li>
      );
    }
    return (
      <li>
        <details className={styles.branch} open={open.has(node.path)}>
          <summary className={styles.summary} title={node.path}>
            {label}
            {summary}
          </summary>
          <ul className={styles.children}>
            {node.children.map((child) => (
              <Node key={child.path} node={child} open={open} onExpand={onExpand} />
            ))}
            {node.hidden > 0 ? (
              <li className={styles.leaf}>
                <button type="button" className={styles.more} onClick={() => onExpand(node.path)}>
                  Show all {plural(node.total, node.kind === 'array' ? 'item' : 'key')} (
                  {formatCount(node.hidden)} more)
                </button>
              </li>
            ) : null}
          </ul>
        </details>
      </li>
    );
  }
  if (node.kind === 'string') {
    return (
      <li className={styles.leaf} title={node.path}>
        {label}
        <span className={styles.string}>{stringLiteral(node)}</span>
        {node.cut ? (
          <button type="button" className={styles.more} onClick={() => onExpand(node.path)}>
            Show all {plural(node.length, 'character')}
          </button>
        ) : null}
      </li>
    );
  }
  return (
    <li className={styles.leaf} title={node.path}>
      {label}
      <span className={node.kind === 'number' ? styles.number : styles.literal}>{node.text}</span>
    </li>
  );
}

function KeyLabel({ name }: { name: JsonKey }) {
  if (name === null) return null;
  return <span className={typeof name === 'number' ? styles.index : styles.key}>{name}: </span>;
}
