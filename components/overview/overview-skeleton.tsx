import { Skeleton } from '@/components/ui/skeleton';
import tiles from './tiles/tiles.module.css';
import styles from './overview-dashboard.module.css';

const TILES = ['Events per second', 'Error rate', 'Dead letters', 'Worst lag', 'Unhealthy consumers'];

/** The page's shape while the first overview loads: five tiles and four chart frames. */
export function OverviewSkeleton() {
  return (
    <div className={styles.stack} aria-busy="true" aria-label="Loading overview">
      <div className={tiles.tiles}>
        {TILES.map((label) => (
          <div key={label} className={tiles.skeletonTile}>
            <Skeleton width={96} height={12} />
            <Skeleton width={72} height={28} />
            <Skeleton width={140} height={10} />
          </div>
        ))}
      </div>
      <div className={styles.charts}>
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className={styles.chartSkeleton}>
            <Skeleton width={160} height={14} />
            <Skeleton height={220} />
          </div>
        ))}
      </div>
    </div>
  );
}
