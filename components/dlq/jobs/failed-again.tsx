'use client';

import { useState } from 'react';
import { formatCount, plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { useFailedAgain } from '../api/get-replay-letters';
import styles from './jobs.module.css';

interface FailedAgainProps {
  jobId: string;
  count: number;
  /** Opens a letter (the new dead letter a replayed event produced) in the drawer. */
  onOpenLetter(id: string): void;
}

/** The replayed events that failed again, each linked to the new dead letter it produced. */
export function FailedAgain({ jobId, count, onOpenLetter }: FailedAgainProps) {
  const [open, setOpen] = useState(false);
  const { data, isPending, isError, error } = useFailedAgain(jobId, count, open);
  return (
    <div className={styles.failedAgain}>
      <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide' : 'Show'} the {plural(count, 'letter')} that failed again
      </Button>
      {open ? (
        isPending ? (
          <p className={styles.muted}>Loading…</p>
        ) : isError ? (
          <p role="alert" className={styles.error}>
            Could not load them: {error.message}
          </p>
        ) : (
          <ul className={styles.letterLinks}>
            {data.items.map((letter) => (
              <li key={letter.letterId}>
                {letter.newLetterId ? (
                  <button
                    type="button"
                    className={styles.linkish}
                    onClick={() => onOpenLetter(letter.newLetterId!)}
                  >
                    {letter.newLetterId}
                  </button>
                ) : (
                  <span className={styles.mono}>{letter.letterId}</span>
                )}
                {letter.detail ? <span className={styles.muted}> · {letter.detail}</span> : null}
              </li>
            ))}
            {data.nextCursor ? (
              <li className={styles.muted}>
                The first {formatCount(data.items.length)}; the page&apos;s “failed again after replay” marker
                shows the rest.
              </li>
            ) : null}
          </ul>
        )
      ) : null}
    </div>
  );
}
