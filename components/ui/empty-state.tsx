import type { LucideIcon } from 'lucide-react';
import { isValidElement, type ReactElement, type ReactNode } from 'react';
import { CopyButton } from './copy-button';
import styles from './empty-state.module.css';

interface EmptyStateProps {
  /** A lucide icon, or an element (server components cannot pass a component to a client one). */
  icon: LucideIcon | ReactElement;
  title: string;
  /** What will appear here, and what to do to make it appear. */
  children: ReactNode;
  /** A shell command to copy, shown in a code block. */
  command?: string;
  action?: ReactNode;
}

export function EmptyState({ icon: Icon, title, children, command, action }: EmptyStateProps) {
  return (
    <div className={styles.empty}>
      <div className={styles.icon}>
        {isValidElement(Icon) ? Icon : <Icon size={20} strokeWidth={1.75} aria-hidden />}
      </div>
      <h2 className={styles.title}>{title}</h2>
      <div className={styles.body}>{children}</div>
      {command ? (
        <div className={styles.command}>
          <span aria-hidden className={styles.prompt}>
            $
          </span>
          <code>{command}</code>
          <CopyButton value={command} label="Copy command" />
        </div>
      ) : null}
      {action ? <div className={styles.action}>{action}</div> : null}
    </div>
  );
}
