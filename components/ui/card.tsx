import type { ReactNode } from 'react';
import styles from './card.module.css';

interface CardProps {
  /** Shown as the card's h2; also names the region for assistive tech. */
  title?: string;
  /** Right-aligned header content: a badge, a small action. */
  aside?: ReactNode;
  children: ReactNode;
}

export function Card({ title, aside, children }: CardProps) {
  return (
    <section className={styles.card} aria-label={title}>
      {title || aside ? (
        <header className={styles.header}>
          {title ? <h2 className={styles.title}>{title}</h2> : <span />}
          {aside}
        </header>
      ) : null}
      <div className={styles.body}>{children}</div>
    </section>
  );
}
