import { Clock } from 'lucide-react';
import styles from './gantt.module.css';

/** What the timeline's marks mean; decorative marks with words beside them. */
export function GanttLegend() {
  return (
    <ul className={styles.legend} aria-label="Legend">
      <li>
        <span className={styles.legendSwatch} data-tone="ok" aria-hidden /> attempt
      </li>
      <li>
        <span className={styles.legendSwatch} data-tone="failing" aria-hidden /> failed attempt
      </li>
      <li>
        <span className={styles.legendSwatch} data-kind="compensation" aria-hidden /> compensation
      </li>
      <li>
        <span className={styles.legendBackoff} aria-hidden /> backoff
      </li>
      <li>
        <Clock size={11} aria-hidden className={styles.legendClock} /> timeout
      </li>
      <li>
        <span className={styles.legendLate} aria-hidden /> late reply
      </li>
    </ul>
  );
}
