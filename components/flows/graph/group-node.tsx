import type { NodeProps } from '@xyflow/react';
import { Users } from 'lucide-react';
import { memo } from 'react';
import { formatCompact, formatRate } from '@/components/lib/format';
import { HEALTH_TONE, type GroupFlowNode } from './flow-elements';
import { NodeShell } from './node-shell';
import styles from './nodes.module.css';

/**
 * A consumer group: how far behind it is (entries, and how long the oldest has waited) and its health;
 * its pace when it keeps up (the edges into it carry rates and errors too).
 */
export const GroupNode = memo(function GroupNode({ id, data, selected }: NodeProps<GroupFlowNode>) {
  const lagging = data.lag !== null && data.lag > 0;
  return (
    <NodeShell
      id={id}
      label={data.label}
      name={data.name}
      icon={Users}
      health={data.health}
      selected={selected}
      aside={
        <span className={styles.health} data-tone={HEALTH_TONE[data.health]}>
          {data.health}
        </span>
      }
    >
      <span className={styles.line}>
        <span className={styles.muted}>lag</span>
        <strong className={styles.figure} data-warn={lagging || undefined}>
          {data.lag === null ? '—' : formatCompact(data.lag)}
        </strong>
        {data.behind && data.verdict !== null ? (
          <span className={styles.muted}>· {data.verdict}</span>
        ) : data.oldest !== null ? (
          <span className={styles.muted}>· oldest {data.oldest}</span>
        ) : (
          <span className={styles.muted}>· {formatRate(data.handledPerSec)}</span>
        )}
      </span>
    </NodeShell>
  );
});
