import type { NodeProps } from '@xyflow/react';
import { Layers } from 'lucide-react';
import { memo } from 'react';
import { formatCompact, formatRate } from '@/components/lib/format';
import type { TopicFlowNode } from './flow-elements';
import { NodeShell } from './node-shell';
import styles from './nodes.module.css';

/** A topic (one Redis stream): its publish rate and how many entries the stream holds. */
export const TopicNode = memo(function TopicNode({ id, data, selected }: NodeProps<TopicFlowNode>) {
  return (
    <NodeShell
      id={id}
      label={data.label}
      name={data.name}
      icon={Layers}
      health={data.health}
      selected={selected}
    >
      <span className={styles.line}>
        <strong className={styles.figure}>{formatRate(data.eventsPerSec)}</strong>
        {data.length !== null ? (
          <span className={styles.muted}>· {formatCompact(data.length)} in stream</span>
        ) : null}
      </span>
    </NodeShell>
  );
});
