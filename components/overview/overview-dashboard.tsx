'use client';

import { AlertTriangle, LayoutDashboard, RotateCw } from 'lucide-react';
import { SegmentedControl } from '@/components/charts/segmented-control';
import { Button } from '@/components/ui/button';
import { FirstRunState } from '@/components/ui/first-run-state';
import { RelativeTime } from '@/components/ui/relative-time';
import { METRIC_RANGES } from '@/server/contracts/metrics';
import { useOverview } from './api/get-overview';
import { DeadLettersChart } from './charts/dead-letters-chart';
import { LagChart } from './charts/lag-chart';
import { LatencyChart } from './charts/latency-chart';
import { ThroughputChart } from './charts/throughput-chart';
import { useOverviewLive } from './live/use-overview-live';
import { nothingSeen } from '@/components/lib/nothing-seen';
import { RANGE_LABEL } from './overview-params';
import { OverviewSkeleton } from './overview-skeleton';
import { OverviewTiles } from './tiles/overview-tiles';
import { useOverviewParams } from './use-overview-params';
import styles from './overview-dashboard.module.css';
import tiles from './tiles/tiles.module.css';

const RANGE_OPTIONS = METRIC_RANGES.map((value) => ({ value, label: RANGE_LABEL[value] }));

/** The Overview: live headline tiles (pushed by the metrics room) over charts of the chosen range. */
export function OverviewDashboard() {
  useOverviewLive();
  const [params, setParams] = useOverviewParams();
  const { data: overview, error, isPending, refetch } = useOverview();

  if (isPending) return <OverviewSkeleton />;
  if (!overview) {
    return (
      <div role="alert" className={tiles.error}>
        <span>Could not load the overview: {error?.message ?? 'unknown error'}</span>
        <Button size="sm" onClick={() => void refetch()}>
          <RotateCw size={12} aria-hidden />
          Retry
        </Button>
      </div>
    );
  }

  if (nothingSeen(overview)) {
    return (
      <FirstRunState
        icon={LayoutDashboard}
        title="No streams seen yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, or point <code>REDIS_URL</code> at your
            Redis.
          </>
        }
      >
        <p>
          Once EventLens sees traffic, this page shows the event rate, the error rate, dead letters, the lag
          of every consumer group, and charts of each topic&apos;s throughput over time.
        </p>
      </FirstRunState>
    );
  }

  return (
    <div className={styles.stack}>
      {overview.redis.ok ? null : (
        <p role="alert" className={tiles.warning}>
          <AlertTriangle size={14} aria-hidden className={tiles.warningIcon} />
          Lag and consumer health are unknown while Redis is unreachable; rates and dead letters come from the
          recorded history.
        </p>
      )}
      <OverviewTiles overview={overview} />
      <p className={styles.freshness}>
        {error ? (
          <span role="alert" className={styles.stale}>
            Refreshing failed ({error.message}); figures from <RelativeTime value={overview.generatedAt} />.{' '}
            <button type="button" className={styles.inlineRetry} onClick={() => void refetch()}>
              Retry
            </button>
          </span>
        ) : (
          <>
            Live · updated <RelativeTime value={overview.generatedAt} />
          </>
        )}
      </p>

      <div className={styles.historyHeader}>
        <h2 className={styles.historyTitle}>History</h2>
        <SegmentedControl
          label="Range"
          options={RANGE_OPTIONS}
          value={params.range}
          onChange={(range) => setParams({ range })}
        />
      </div>
      <div className={styles.charts}>
        <ThroughputChart range={params.range} />
        <LatencyChart
          range={params.range}
          group={params.group}
          onGroupChange={(group) => setParams({ group })}
        />
        <LagChart range={params.range} />
        <DeadLettersChart range={params.range} />
      </div>
    </div>
  );
}
