import { Handle, Position } from '@xyflow/react';
import type { LucideIcon } from 'lucide-react';
import { use, type ReactNode } from 'react';
import { TruncatedName } from '@/components/ui/truncated-name';
import { HEALTH_TONE } from './flow-elements';
import type { NodeHealth } from '@/server/contracts/topology';
import { OpenNodeContext } from './open-node-context';
import styles from './nodes.module.css';

interface NodeShellProps {
  id: string;
  /** Accessible name: what a screen reader says for the node. */
  label: string;
  name: string;
  icon: LucideIcon;
  health: NodeHealth;
  selected: boolean;
  /** Right of the name: a badge. */
  aside?: ReactNode;
  /** `processor`: a pill with notched ends, so processors read apart from groups in both themes. */
  shape?: 'processor';
  children: ReactNode;
}

/**
 * The frame every node shares: a button (click or Enter opens the details panel) with the node's icon,
 * name and figures, a health accent on its left edge, and the two handles edges attach to.
 */
export function NodeShell({
  id,
  label,
  name,
  icon: Icon,
  health,
  selected,
  aside,
  shape,
  children,
}: NodeShellProps) {
  const open = use(OpenNodeContext);
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className={styles.handle} />
      <button
        type="button"
        className={styles.node}
        data-tone={HEALTH_TONE[health]}
        data-shape={shape}
        data-selected={selected || undefined}
        aria-label={label}
        aria-pressed={selected}
        title={name}
        onClick={() => open(id)}
      >
        <span className={styles.head}>
          <Icon size={14} strokeWidth={1.75} aria-hidden className={styles.icon} />
          <TruncatedName name={name} className={styles.name} />
          {aside}
        </span>
        {children}
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} className={styles.handle} />
    </>
  );
}
