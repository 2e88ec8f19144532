'use client';

import { Pause, Play, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { useRoleAtLeast } from '@/components/lib/principal';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/text-field';
import type { ProjectionSummary } from '@/server/contracts/projections';
import { useProjectionAction } from '../api/projection-action';
import { RebuildDialog } from './rebuild-dialog';
import styles from './projections.module.css';

/**
 * Pause or resume (at once: both undo each other) and rebuild (behind a confirmation). Below the
 * operator role they are not offered (the server refuses them regardless); the outcome is said here.
 */
export function ProjectionActions({ row }: { row: ProjectionSummary }) {
  const canOperate = useRoleAtLeast('operator');
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const toggle = useProjectionAction();
  if (!canOperate) {
    return <p className={styles.muted}>Operators can pause, resume and rebuild projections here.</p>;
  }
  const pauseOrResume = row.paused ? 'resume' : 'pause';
  return (
    <section aria-label="Operator actions" className={styles.actions}>
      <Button
        size="sm"
        disabled={toggle.isPending}
        onClick={() => {
          setOutcome(null);
          toggle.mutate(
            { name: row.name, action: pauseOrResume },
            {
              onSuccess: () =>
                setOutcome(
                  row.paused ? 'Resumed: it catches up from its checkpoint.' : 'Paused in every process.',
                ),
            },
          );
        }}
      >
        {row.paused ? <Play size={14} aria-hidden /> : <Pause size={14} aria-hidden />}
        {row.paused ? 'Resume' : 'Pause'}
      </Button>
      <Button
        size="sm"
        variant="primary"
        disabled={row.building !== null || row.paused}
        title={
          row.building
            ? `Generation ${row.building.generation} is building`
            : row.paused
              ? 'Resume it first: a paused projection does not build'
              : undefined
        }
        onClick={() => {
          setOutcome(null);
          setConfirming(true);
        }}
      >
        <RotateCcw size={14} aria-hidden />
        Rebuild…
      </Button>
      <p role="status" className={styles.outcome}>
        {outcome}
      </p>
      <FormAlert message={toggle.error ? toggle.error.message : null} />
      {confirming ? (
        <RebuildDialog
          row={row}
          onClose={() => setConfirming(false)}
          onDone={(generation) => {
            setConfirming(false);
            setOutcome(`Rebuilding into generation ${generation}; it swaps in once caught up.`);
          }}
        />
      ) : null}
    </section>
  );
}
