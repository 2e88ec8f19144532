import type { NodeProps } from '@xyflow/react';
import { ArchiveX } from 'lucide-react';
import { memo } from 'react';
import { formatCompact } from '@/components/lib/format';
import type { DeadLetterFlowNode } from './flow-elements';
import { NodeShell } from './node-shell';
import styles from './nodes.module.css';

/** Where events no handler could process end up: how many wait for an operator. */
export const DeadLetterNode = memo(function DeadLetterNode({
  id,
  data,
  selected,
}: NodeProps<DeadLetterFlowNode>) {
  return (
    <NodeShell
      id={id}
      label={data.label}
      name="Dead letters"
      icon={ArchiveX}
      health={data.health}
      selected={selected}
    >
      <span className={styles.line}>
        <strong className={styles.figure} data-warn={data.pending > 0 || undefined}>
          {formatCompact(data.pending)}
        </strong>
        <span className={styles.muted}>waiting</span>
      </span>
    </NodeShell>
  );
});
