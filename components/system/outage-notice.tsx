'use client';

import { AlertTriangle } from 'lucide-react';
import { useHealth } from '@/components/lib/api/get-health';
import { downDependencies, recorderTrouble, type DownDependency } from '@/components/lib/dependencies';
import styles from './outage-notice.module.css';

/** What stops working while each one is down. */
const EFFECT: Record<DownDependency['name'], string> = {
  Redis: 'Live views are paused and lag is unknown; recorded history is still served.',
  'The store':
    'History, traces and charts cannot be read, and nothing new is recorded; live views still work.',
};

/**
 * Above every page while Redis or the store does not answer: the real cause, where EventLens
 * connects and what to check. A recorder that cannot record while both answer says why too.
 */
export function OutageNotice() {
  const { data: health } = useHealth();
  const down = downDependencies(health);
  const recorder = down.length === 0 ? recorderTrouble(health) : null;
  if (down.length === 0 && !recorder) return null;
  return (
    <div className={styles.stack}>
      {down.map((dependency) => (
        <section
          key={dependency.name}
          role="alert"
          aria-label={`${dependency.name} is unreachable`}
          className={styles.notice}
        >
          <AlertTriangle size={16} aria-hidden className={styles.icon} />
          <div className={styles.text}>
            <p className={styles.headline}>
              <strong>{dependency.name} is unreachable</strong>
              {dependency.cause ? (
                <>
                  : <code className={styles.cause}>{dependency.cause}</code>
                </>
              ) : null}
            </p>
            {dependency.target ? (
              <p>
                EventLens connects to <code>{dependency.target}</code>.
              </p>
            ) : null}
            {dependency.check ? <p>{dependency.check}</p> : null}
            <p className={styles.effect}>{EFFECT[dependency.name]}</p>
          </div>
        </section>
      ))}
      {recorder ? (
        <section role="alert" aria-label="The recorder is not recording" className={styles.notice}>
          <AlertTriangle size={16} aria-hidden className={styles.icon} />
          <div className={styles.text}>
            <p className={styles.headline}>
              <strong>The recorder is not recording</strong>: <code className={styles.cause}>{recorder}</code>
            </p>
            <p className={styles.effect}>
              Live views still work; history, traces and charts fall behind until it records again.
            </p>
          </div>
        </section>
      ) : null}
    </div>
  );
}
