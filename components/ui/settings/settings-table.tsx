import type { ReactNode } from 'react';
import styles from './table.module.css';

interface SettingsTableProps {
  /** Names the table; or `labelledBy` a heading's id. */
  label?: string;
  labelledBy?: string;
  /** The header cells (`<th scope="col">`); the actions column is added when `actions` is set. */
  columns: ReactNode;
  /** A right-aligned, visually unlabelled actions column: narrow for one button, wide for two. */
  actions?: 'narrow' | 'wide';
  /** Cells wrap (paths, URLs, notes) instead of ending in an ellipsis; columns size to content. */
  wrapping?: boolean;
  /** Column widths follow the declared ones (table-layout fixed) even when cells wrap. */
  fixed?: boolean;
  className?: string;
  children: ReactNode;
}

/** The settings cards' table: compact rows between hairlines, one optional actions column. */
export function SettingsTable({
  label,
  labelledBy,
  columns,
  actions,
  wrapping = false,
  fixed = !wrapping,
  className,
  children,
}: SettingsTableProps) {
  const classes = [styles.table, wrapping ? styles.wrapping : '', fixed ? '' : styles.auto, className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <table className={classes} aria-label={label} aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {columns}
          {actions !== undefined ? (
            <th scope="col" className={`${styles.actions} ${styles[actions]}`}>
              <span className="visually-hidden">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The actions column's cell. */
export const ActionsCell = ({ children }: { children?: ReactNode }) => (
  <td className={styles.actions}>{children}</td>
);

export const tableStyles = styles;
