import { Skeleton } from '@/components/ui/skeleton';
import styles from './streams-view.module.css';

function Rows({ rows, label, widths }: { rows: number; label: string; widths: readonly number[] }) {
  return (
    <div aria-busy="true" aria-label={label} className={styles.skeleton}>
      {Array.from({ length: rows }, (_, row) => (
        <div key={row} className={styles.skeletonRow}>
          {widths.map((width, i) => (
            <Skeleton key={i} width={i === 0 ? width - (row % 3) * 16 : width} />
          ))}
        </div>
      ))}
    </div>
  );
}

export function StreamsSkeleton() {
  return <Rows rows={6} label="Loading streams" widths={[160, 56, 40, 96, 72, 72, 24, 32]} />;
}

export function GroupsSkeleton() {
  return (
    <Rows rows={8} label="Loading consumer groups" widths={[150, 110, 40, 96, 80, 40, 90, 40, 36, 28]} />
  );
}

/** The whole page while the search params resolve (a Suspense fallback). */
export function StreamsPageSkeleton() {
  return (
    <div className={styles.view}>
      <div className={styles.toolbar}>
        <Skeleton width={280} height={30} />
      </div>
      <div className={styles.card}>
        <StreamsSkeleton />
      </div>
      <div className={styles.card}>
        <GroupsSkeleton />
      </div>
    </div>
  );
}
