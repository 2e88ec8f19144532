'use client';

import { useId, useState } from 'react';
import { formatCount, plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { FormAlert } from '@/components/ui/text-field';
import { useDiscardDeadLetters } from './api/discard-dead-letters';
import { scopeLabel, toDiscardSelection, type LetterScope } from './lib/selection';
import styles from './replay/replay.module.css';

interface DiscardDialogProps {
  scope: LetterScope;
  onClose(): void;
  onDone(message: string): void;
}

/** Discard letters for good, with a reason the audit log keeps. */
export function DiscardDialog({ scope, onClose, onDone }: DiscardDialogProps) {
  const id = useId();
  const [reason, setReason] = useState('');
  const discard = useDiscardDeadLetters();
  const tooShort = reason.trim().length < 3;
  const submit = () => {
    discard.mutate(
      { selection: toDiscardSelection(scope), reason: reason.trim() },
      {
        onSuccess: (result) => {
          const skipped = result.skipped.length ? `, ${formatCount(result.skipped.length)} skipped` : '';
          onDone(`${plural(result.discarded, 'letter')} discarded${skipped}.`);
        },
      },
    );
  };
  return (
    <ModalDialog
      title={`Discard ${scopeLabel(scope)}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={tooShort || discard.isPending} onClick={submit}>
            {discard.isPending ? 'Discarding…' : 'Discard'}
          </Button>
        </>
      }
    >
      <p>
        Discarded letters are not replayed and leave the pending count. The reason is kept with each letter
        and in the audit log.
      </p>
      <div className={styles.field}>
        <label htmlFor={`${id}-reason`} className={styles.label}>
          Reason (required)
        </label>
        <textarea
          id={`${id}-reason`}
          className={styles.textarea}
          rows={3}
          value={reason}
          maxLength={500}
          placeholder="Why these letters will not be replayed"
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <FormAlert message={discard.error ? discard.error.message : null} />
    </ModalDialog>
  );
}
