import type { StateChange } from '@/server/contracts/aggregates';
import styles from './aggregates.module.css';

const show = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value));

/** What one event changed in the state: each path added (green), removed (red) or changed (amber). */
export function StateChangesList({ changes }: { changes: readonly StateChange[] }) {
  if (changes.length === 0) return <p className={styles.muted}>This event left the state as it was.</p>;
  return (
    <ul className={styles.changes} aria-label="Changes">
      {changes.map((change) => (
        <li key={`${change.op}:${change.path}`} className={styles.change} data-op={change.op}>
          <span className={styles.op}>{change.op}</span>
          <span className={styles.values}>
            {change.path}
            {change.op !== 'added' ? (
              <>
                {' '}
                <span className={styles.before} aria-label="before">
                  {show(change.before)}
                </span>
              </>
            ) : null}
            {change.op !== 'removed' ? (
              <>
                {' → '}
                <span className={styles.after} aria-label="after">
                  {show(change.after)}
                </span>
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
