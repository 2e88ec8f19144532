'use client';

import { memo, useMemo } from 'react';
import { Sparkline } from '@/components/charts/sparkline';
import { formatCount, formatLatency, formatRate } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import type { TopologyNode } from '@/server/contracts/topology';
import { useMetricsSeriesList } from '../api/get-metrics-series';
import { errorsTone, toSparkSeries, type SparkPoint, type SparkSeries } from './spark-series';
import styles from './panel.module.css';

const PERIOD = 'last 15 minutes';

const perSec = (value: number) => formatRate(value);

const anyAbove = (points: readonly SparkPoint[], threshold = 0) =>
  points.some((p) => p.value !== null && p.value > threshold);

interface PanelChartsProps {
  kind: TopologyNode['kind'];
  /** GET /api/metrics series to sum. */
  series: readonly string[];
}

/** Throughput, p95 latency, lag and errors over the last 15 minutes (dead letters: what was dead-lettered). */
export function PanelCharts({ kind, series }: PanelChartsProps) {
  const { data, isPending, error, refetch } = useMetricsSeriesList(series, '15m');
  // new lines only when a series refetched: the panel re-renders on every topology tick
  const lines = useMemo(() => (data ? toSparkSeries(data) : undefined), [data]);

  return (
    <section className={styles.section} aria-labelledby="flows-panel-charts">
      <h3 id="flows-panel-charts" className={styles.sectionTitle}>
        Last 15 minutes
      </h3>
      {series.length === 0 ? (
        <p className={styles.muted}>Nothing published yet: no series to chart.</p>
      ) : lines ? (
        <Charts kind={kind} lines={lines} />
      ) : isPending ? (
        <div className={styles.charts} aria-busy="true" aria-label="Loading charts">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className={styles.chartSkeleton}>
              <Skeleton width="50%" />
              <Skeleton height={40} />
            </div>
          ))}
        </div>
      ) : (
        <div role="alert" className={styles.inlineError}>
          <span>Could not load the metrics: {error?.message ?? 'unknown error'}</span>
          <Button size="sm" onClick={refetch}>
            Retry
          </Button>
        </div>
      )}
    </section>
  );
}

const Charts = memo(function Charts({ kind, lines }: { kind: TopologyNode['kind']; lines: SparkSeries }) {
  if (kind === 'dead-letters') {
    return (
      <div className={styles.charts}>
        <Sparkline
          title="Dead-lettered"
          period={PERIOD}
          points={lines.deadLetteredPerSec}
          format={perSec}
          tone={anyAbove(lines.deadLetteredPerSec) ? 'failing' : 'neutral'}
        />
        <Sparkline
          title="Errors"
          period={PERIOD}
          points={lines.errorsPerSec}
          format={perSec}
          tone={errorsTone(lines)}
        />
      </div>
    );
  }
  return (
    <div className={styles.charts}>
      <Sparkline
        title={kind === 'group' ? 'Handled' : 'Throughput'}
        period={PERIOD}
        points={lines.throughput}
        format={perSec}
      />
      <Sparkline title="p95 latency" period={PERIOD} points={lines.p95Ms} format={formatLatency} />
      <Sparkline title="Lag" period={PERIOD} points={lines.lag} format={formatCount} />
      <Sparkline
        title="Errors"
        period={PERIOD}
        points={lines.errorsPerSec}
        format={perSec}
        tone={errorsTone(lines)}
      />
    </div>
  );
});
