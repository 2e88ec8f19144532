import type { ReactNode } from 'react';
import styles from './chart-legend.module.css';

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** A figure beside the label, with its unit ("52 ev/s"). */
  value?: string;
  dashed?: boolean;
  /** Full text on hover when the label is shortened. */
  title?: string;
}

interface ChartLegendProps {
  /** Names the list: "Topics", "Groups", "Percentiles". */
  label: string;
  items: readonly LegendItem[];
  /** A muted note after the items ("12 groups without lag not drawn"). */
  note?: ReactNode;
}

/** The series of a chart as an HTML list: names and figures stay readable and selectable. */
export function ChartLegend({ label, items, note }: ChartLegendProps) {
  return (
    <div className={styles.legend}>
      <ul className={styles.items} aria-label={label}>
        {items.map((item) => (
          <li key={item.key} className={styles.item} title={item.title ?? item.label}>
            <span
              aria-hidden
              className={styles.swatch}
              data-dashed={item.dashed || undefined}
              style={{ color: item.color }}
            />
            <span className={styles.label}>{item.label}</span>
            {item.value ? <span className={styles.value}>{item.value}</span> : null}
          </li>
        ))}
      </ul>
      {note ? <p className={styles.note}>{note}</p> : null}
    </div>
  );
}
