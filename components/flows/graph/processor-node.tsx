import type { NodeProps } from '@xyflow/react';
import { Filter, Siren, Timer, TimerOff, type LucideIcon } from 'lucide-react';
import { memo } from 'react';
import { formatCompact, formatRate, plural } from '@/components/lib/format';
import type { ProcessorFlowNode } from './flow-elements';
import { NodeShell } from './node-shell';
import styles from './nodes.module.css';

const ICON: Record<ProcessorFlowNode['data']['processorKind'], LucideIcon> = {
  forward: Filter,
  window: Timer,
  count: Siren,
  absence: TimerOff,
};

/**
 * A stream processor (its consumer group folded in): what kind, its pace and lag like a group's, and
 * its errors when it has any. Drawn as a pill so it reads apart from groups.
 */
export const ProcessorNode = memo(function ProcessorNode({
  id,
  data,
  selected,
}: NodeProps<ProcessorFlowNode>) {
  const lagging = data.lag !== null && data.lag > 0;
  return (
    <NodeShell
      id={id}
      label={data.label}
      name={data.name}
      icon={ICON[data.processorKind]}
      health={data.health}
      selected={selected}
      shape="processor"
      aside={<span className={styles.kindTag}>{data.processorKind}</span>}
    >
      <span className={styles.line}>
        <strong className={styles.figure}>{formatRate(data.ratePerSec)}</strong>
        <span className={styles.muted}>· lag</span>
        <strong className={styles.figure} data-warn={lagging || undefined}>
          {data.lag === null ? '—' : formatCompact(data.lag)}
        </strong>
        {data.errors > 0 ? <span className={styles.muted}>· {plural(data.errors, 'error')}</span> : null}
      </span>
    </NodeShell>
  );
});
