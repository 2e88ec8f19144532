import type { NodeProps } from '@xyflow/react';
import { Server } from 'lucide-react';
import { memo } from 'react';
import { StatusDot } from '@/components/ui/status-dot';
import type { ServiceFlowNode } from './flow-elements';
import { NodeShell } from './node-shell';
import styles from './nodes.module.css';

/** A producing (or consuming) service: is it live, and how many processes run it. */
export const ServiceNode = memo(function ServiceNode({ id, data, selected }: NodeProps<ServiceFlowNode>) {
  const state = data.live === null ? 'no heartbeat' : data.live ? 'live' : 'silent';
  const tone = data.live === null ? 'neutral' : data.live ? 'ok' : 'failing';
  return (
    <NodeShell
      id={id}
      label={data.label}
      name={data.name}
      icon={Server}
      health={data.health}
      selected={selected}
    >
      <span className={styles.line}>
        <StatusDot tone={tone} />
        <span>{state}</span>
        {data.live ? (
          <span className={styles.muted}>
            · {data.instances} instance{data.instances === 1 ? '' : 's'}
          </span>
        ) : null}
      </span>
    </NodeShell>
  );
});
