import { Handle, Position, type NodeProps } from '@xyflow/react';
import { Undo2 } from 'lucide-react';
import { memo } from 'react';
import type { CompensationFlowNode } from './diagram-elements';
import { Count } from './step-node';
import styles from './diagram.module.css';

/** A step's compensation, under its step: instances compensating there now, done, and stuck on it. */
export const CompensationNode = memo(function CompensationNode({ data }: NodeProps<CompensationFlowNode>) {
  const tone = data.stuck > 0 ? 'failing' : data.compensating > 0 ? 'degraded' : undefined;
  return (
    <>
      <Handle
        id="top"
        type="target"
        position={Position.Top}
        isConnectable={false}
        className={styles.handle}
      />
      <Handle
        id="right"
        type="target"
        position={Position.Right}
        isConnectable={false}
        className={styles.handle}
      />
      <div className={styles.node} data-kind="compensation" data-tone={tone}>
        <span className={styles.head}>
          <Undo2 size={13} aria-hidden className={styles.icon} />
          <span className={styles.name} title={`${data.name} (undoes ${data.stepName})`}>
            <span className="visually-hidden">Compensation of {data.stepName}: </span>
            {data.name}
          </span>
        </span>
        <span className={styles.counts}>
          <Count value={data.compensating} label="compensating" tone="degraded" />
          <Count value={data.compensated} label="done" />
          <Count value={data.stuck} label="stuck" tone="failing" />
        </span>
      </div>
      <Handle
        id="left"
        type="source"
        position={Position.Left}
        isConnectable={false}
        className={styles.handle}
      />
    </>
  );
});
