import type { ReactNode } from 'react';
import styles from './auth-form.module.css';

/** The sign-in and setup pages' frame: the brand over one centred card, outside the console's shell. */
export function AuthFrame({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden>
            <rect x="1" y="1" width="22" height="22" rx="6" fill="currentColor" />
            <path
              d="M6 8h12M6 12h8M6 16h10"
              stroke="var(--bg)"
              strokeWidth="2"
              strokeLinecap="round"
              fill="none"
            />
          </svg>
          EventLens
        </div>
        <section className={styles.card} aria-labelledby="auth-title">
          <div className={styles.heading}>
            <h1 id="auth-title" className={styles.title}>
              {title}
            </h1>
            {lead ? <p className={styles.lead}>{lead}</p> : null}
          </div>
          {children}
        </section>
      </div>
    </main>
  );
}
