'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { FormAlert } from '@/components/ui/text-field';
import type { SagaAction, SagaSummary } from '@/server/contracts/sagas';
import { useSagaAction } from '../api/saga-action';
import { ACTION_COPY } from './action-copy';
import styles from './timeline.module.css';

interface ActionDialogProps {
  action: SagaAction;
  summary: SagaSummary;
  onClose(): void;
  onDone(message: string): void;
}

/** Confirms one operator action with its consequences, and a reason (required to resolve by hand). */
export function ActionDialog({ action, summary, onClose, onDone }: ActionDialogProps) {
  const id = useId();
  const [reason, setReason] = useState('');
  const run = useSagaAction();
  const copy = ACTION_COPY[action];
  const missingReason = copy.reasonRequired && reason.trim() === '';
  const submit = () =>
    run.mutate(
      // the status on screen: if the instance moved on meanwhile, the server refuses (409) instead
      { sagaId: summary.sagaId, action, reason: reason.trim() || undefined, expectStatus: summary.status },
      { onSuccess: () => onDone(copy.done) },
    );
  return (
    <ModalDialog
      title={`${copy.label}: ${summary.definition.name}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={missingReason || run.isPending} onClick={submit}>
            {run.isPending ? copy.pending : copy.label}
          </Button>
        </>
      }
    >
      <p>{copy.explain(summary)}</p>
      <div className={styles.field}>
        <label htmlFor={`${id}-reason`} className={styles.fieldLabel}>
          Reason {copy.reasonRequired ? '(required)' : '(optional)'}
        </label>
        <textarea
          id={`${id}-reason`}
          className={styles.textarea}
          rows={3}
          value={reason}
          maxLength={1_000}
          placeholder={copy.placeholder}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <p className={styles.muted}>
        The action and its reason are kept in the audit log and on this timeline.
      </p>
      <FormAlert message={run.error ? run.error.message : null} />
    </ModalDialog>
  );
}
