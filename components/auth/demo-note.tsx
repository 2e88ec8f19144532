import { Info } from 'lucide-react';
import styles from './demo-note.module.css';

/** Says on every page why nobody had to sign in: demo mode, and only while bound to loopback. */
export function DemoNote() {
  return (
    <p role="note" className={styles.note}>
      <Info size={14} aria-hidden className={styles.icon} />
      Demo mode: signed in as demo admin because the server listens on loopback only
    </p>
  );
}
