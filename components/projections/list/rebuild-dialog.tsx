'use client';

import { useId, useState } from 'react';
import { useRoleAtLeast } from '@/components/lib/principal';
import { Button } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { FormAlert } from '@/components/ui/text-field';
import type { ProjectionSummary } from '@/server/contracts/projections';
import { useProjectionAction } from '../api/projection-action';
import styles from './projections.module.css';

interface RebuildDialogProps {
  row: ProjectionSummary;
  onClose(): void;
  onDone(generation: number): void;
}

/**
 * Confirms a rebuild with what it does. When the server refuses because a topic lost entries to
 * retention (409), an admin may confirm again knowing the rebuilt model will miss them.
 */
export function RebuildDialog({ row, onClose, onDone }: RebuildDialogProps) {
  const id = useId();
  const isAdmin = useRoleAtLeast('admin');
  const [reason, setReason] = useState('');
  const [allowTrimmed, setAllowTrimmed] = useState(false);
  const run = useProjectionAction();
  const trimmed = run.error?.message.includes('lost entries to retention') ?? false;
  const submit = () =>
    run.mutate(
      {
        name: row.name,
        action: 'rebuild',
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(allowTrimmed ? { allowTrimmed: true } : {}),
      },
      { onSuccess: (result) => onDone(result.building ?? result.active) },
    );
  return (
    <ModalDialog
      title={`Rebuild ${row.name}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={run.isPending || (trimmed && !allowTrimmed)} onClick={submit}>
            {run.isPending ? 'Starting…' : 'Rebuild'}
          </Button>
        </>
      }
    >
      <p>
        Generation {row.active.generation + 1} will read {row.topics.join(', ')} from the start. Generation{' '}
        {row.active.generation} keeps serving reads until the new one has caught up; then they swap and the
        old one is dropped.
      </p>
      <div className={styles.field}>
        <label htmlFor={`${id}-reason`} className={styles.fieldLabel}>
          Reason (optional)
        </label>
        <textarea
          id={`${id}-reason`}
          className={styles.textarea}
          rows={2}
          value={reason}
          maxLength={1_000}
          placeholder="e.g. handler fixed for severity names"
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      {trimmed && isAdmin ? (
        <label className={styles.field}>
          <span>
            <input
              type="checkbox"
              checked={allowTrimmed}
              onChange={(e) => setAllowTrimmed(e.target.checked)}
            />{' '}
            Rebuild anyway: the new generation will not hold what the trimmed entries added
          </span>
        </label>
      ) : null}
      <p className={styles.muted}>The rebuild and its reason are kept in the audit log.</p>
      <FormAlert message={run.error ? run.error.message : null} />
    </ModalDialog>
  );
}
