'use client';

import { useState } from 'react';
import { useRoleAtLeast } from '@/components/lib/principal';
import { Button } from '@/components/ui/button';
import type { SagaAction, SagaDetail } from '@/server/contracts/sagas';
import { ACTION_COPY } from './action-copy';
import { ActionDialog } from './action-dialog';
import styles from './timeline.module.css';

/**
 * The operator actions this instance allows now (`allowedActions`), each behind a dialog that asks for
 * a reason. Below the operator role they are not offered (the server refuses them regardless); the
 * outcome is said here, where the action was taken.
 */
export function SagaActions({ detail }: { detail: SagaDetail }) {
  const canOperate = useRoleAtLeast('operator');
  const [open, setOpen] = useState<SagaAction | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  if (detail.allowedActions.length === 0 && outcome === null) return null;
  return (
    <section aria-label="Operator actions" className={styles.actions}>
      {canOperate ? (
        detail.allowedActions.map((action) => (
          <Button
            key={action}
            size="sm"
            variant={action === 'resolve' || action === 'retry' ? 'primary' : 'secondary'}
            onClick={() => {
              setOutcome(null);
              setOpen(action);
            }}
          >
            {ACTION_COPY[action].label}
          </Button>
        ))
      ) : (
        <p className={styles.muted}>
          Operators can{' '}
          {detail.allowedActions.map((action) => ACTION_COPY[action].label.toLowerCase()).join(', ')} here.
        </p>
      )}
      <p role="status" className={styles.outcome}>
        {outcome}
      </p>
      {open ? (
        <ActionDialog
          action={open}
          summary={detail.summary}
          onClose={() => setOpen(null)}
          onDone={(message) => {
            setOpen(null);
            setOutcome(message);
          }}
        />
      ) : null}
    </section>
  );
}
