import type { ReactNode } from 'react';
import { Skeleton } from '../skeleton';
import styles from './settings.module.css';

interface QueryBodyProps<T> {
  /** What is loaded, as in "Loading <what>" and "Could not load the <what>". */
  what: string;
  query: { data: T | undefined; error: Error | null; isPending: boolean };
  /** Skeleton lines while loading. */
  lines?: number;
  children: (data: T) => ReactNode;
}

/** A card's body over one query: skeleton lines, then the data, or one line saying what failed. */
export function QueryBody<T>({ what, query, lines = 2, children }: QueryBodyProps<T>) {
  if (query.isPending) {
    return (
      <div aria-busy="true" aria-label={`Loading ${what}`} className={styles.loading}>
        {Array.from({ length: lines }, (_, line) => (
          <Skeleton key={line} width={line % 2 ? 240 : 320} />
        ))}
      </div>
    );
  }
  if (query.data !== undefined) return children(query.data);
  return (
    <InlineError>
      Could not load the {what}: {query.error?.message ?? 'unknown error'}.
    </InlineError>
  );
}

/** A failure where it happened, in one line. */
export const InlineError = ({ children }: { children: ReactNode }) => (
  <p role="alert" className={styles.error}>
    {children}
  </p>
);

/** What a card says before its table: what the card is for. */
export const CardIntro = ({ children }: { children: ReactNode }) => (
  <p className={styles.intro}>{children}</p>
);

/** An empty list, saying what to do. */
export const EmptyNote = ({ children }: { children: ReactNode }) => (
  <p className={styles.empty}>{children}</p>
);

export const settingsStyles = styles;
