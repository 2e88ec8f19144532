import { useId, type ReactNode } from 'react';
import styles from './section.module.css';

interface SectionProps {
  title: string;
  /** A muted count or note beside the title. */
  note?: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
}

/** A card whose body is flush with its edges, for tables that run edge to edge. */
export function Section({ title, note, aside, children }: SectionProps) {
  const headingId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <header className={styles.header}>
        <div className={styles.heading}>
          <h2 id={headingId} className={styles.title}>
            {title}
          </h2>
          {note ? <span className={styles.note}>{note}</span> : null}
        </div>
        {aside}
      </header>
      {children}
    </section>
  );
}
