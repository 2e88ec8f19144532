import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount, formatLatency } from '@/components/lib/format';
import type { StepFlowNode } from './diagram-elements';
import styles from './diagram.module.css';

const ACTION_LABEL = { command: 'command', local: 'local', event: 'event' } as const;

/** A forward step: its order, name and kind, its timeout and attempts, and the instances on it now. */
export const StepNode = memo(function StepNode({ data }: NodeProps<StepFlowNode>) {
  const limits = [
    ACTION_LABEL[data.action],
    data.timeoutMs !== null ? `timeout ${formatLatency(data.timeoutMs)}` : null,
    data.maxAttempts !== null ? `×${data.maxAttempts}` : null,
  ].filter(Boolean);
  return (
    <>
      <Handle
        id="left"
        type="target"
        position={Position.Left}
        isConnectable={false}
        className={styles.handle}
      />
      <div className={styles.node} data-kind="step" data-tone={data.failed > 0 ? 'failing' : undefined}>
        <span className={styles.head}>
          <span className={styles.order} aria-hidden>
            {data.index + 1}
          </span>
          <span className={styles.name} title={data.name}>
            <span className="visually-hidden">Step {data.index + 1}: </span>
            {data.name}
          </span>
        </span>
        <span className={styles.meta}>{limits.join(' · ')}</span>
        <span className={styles.counts}>
          <Count value={data.running} label="running" />
          <Count value={data.failed} label="failed" tone="failing" />
        </span>
      </div>
      <Handle
        id="right"
        type="source"
        position={Position.Right}
        isConnectable={false}
        className={styles.handle}
      />
      <Handle
        id="bottom"
        type="source"
        position={Position.Bottom}
        isConnectable={false}
        className={styles.handle}
      />
    </>
  );
});

/** One live figure; zero is quiet, non-zero carries its tone. */
export function Count({
  value,
  label,
  tone,
}: {
  value: number;
  label: string;
  tone?: 'degraded' | 'failing';
}) {
  return (
    <span
      className={styles.count}
      data-tone={value > 0 ? tone : undefined}
      data-zero={value === 0 || undefined}
    >
      <strong>{formatCount(value)}</strong> {label}
    </span>
  );
}
