import type { ReactNode } from 'react';
import { Button } from '../button';
import styles from './table.module.css';

interface RowActionProps {
  /** The visible word: Revoke, Remove, Delete. */
  children: ReactNode;
  /** The full name of the action for assistive tech ("Revoke token ci"). */
  label: string;
  disabled?: boolean;
  title?: string | undefined;
  onAct(): void;
}

/** One quiet action on a table row. */
export const RowAction = ({ children, label, disabled, title, onAct }: RowActionProps) => (
  <Button size="sm" variant="ghost" aria-label={label} disabled={disabled} title={title} onClick={onAct}>
    {children}
  </Button>
);

interface RowMutation<V> {
  isPending: boolean;
  variables: V | undefined;
  mutate(value: V): void;
}

/** A row action that runs a mutation on this row's value, disabled while it runs for this row. */
export function MutationRowAction<V>({
  mutation,
  value,
  ...action
}: Omit<RowActionProps, 'onAct' | 'disabled'> & { mutation: RowMutation<V>; value: V }) {
  return (
    <RowAction
      {...action}
      disabled={mutation.isPending && mutation.variables === value}
      onAct={() => mutation.mutate(value)}
    />
  );
}

interface ConfirmRowActionProps extends RowActionProps {
  /** Whether this row asks for confirmation now (the table keeps one row asking at a time). */
  confirming: boolean;
  onConfirming(asking: boolean): void;
  /** Names the confirming button ("Confirm deleting ana@example.com"). */
  confirmLabel: string;
  pending: boolean;
}

/** A row action that asks once more: the word again, as the primary button, beside Cancel. */
export function ConfirmRowAction({
  confirming,
  onConfirming,
  confirmLabel,
  pending,
  onAct,
  ...action
}: ConfirmRowActionProps) {
  if (!confirming) return <RowAction {...action} onAct={() => onConfirming(true)} />;
  return (
    <span className={styles.buttons}>
      <Button size="sm" variant="primary" aria-label={confirmLabel} disabled={pending} onClick={onAct}>
        {action.children}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => onConfirming(false)}>
        Cancel
      </Button>
    </span>
  );
}
