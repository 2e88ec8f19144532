'use client';

import { useState } from 'react';
import { formatCount, formatLatency, formatPercent, formatRate } from '@/components/lib/format';
import type { ProjectionGeneration } from '@/server/contracts/projections';
import { rebuildShare } from '../lib/figures';
import styles from './projections.module.css';

/**
 * A rebuild under way: the building generation's lag shrinking towards the swap. The bar measures it
 * against the largest lag this view has seen for the generation (keyed by it, so a new rebuild starts
 * over).
 */
export function RebuildProgress({ building }: { building: ProjectionGeneration }) {
  const [peak, setPeak] = useState(building.lag);
  // the lag can grow while the rebuild starts reading (new events arrive): the bar follows the largest
  if (building.lag > peak) setPeak(building.lag);
  const share = rebuildShare(building.lag, Math.max(peak, building.lag));
  return (
    <section aria-label="Rebuild progress" className={styles.progress}>
      <p>
        Generation {building.generation} is building: <strong>{formatCount(building.lag)}</strong> entries
        behind
        {building.lagMs !== null ? ` (${formatLatency(building.lagMs)})` : ''},{' '}
        {formatCount(building.applied)} applied, {formatRate(building.ratePerSec, '/s')}. It replaces the
        active generation once caught up.
      </p>
      <div
        className={styles.bar}
        role="progressbar"
        aria-label={`Rebuild of generation ${building.generation}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share === null ? undefined : Math.round(share * 100)}
        aria-valuetext={share === null ? 'starting' : formatPercent(share)}
      >
        <div className={styles.barFill} style={{ width: `${Math.round((share ?? 0) * 100)}%` }} />
      </div>
    </section>
  );
}
