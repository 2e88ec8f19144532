'use client';

import type { ReactNode } from 'react';
import { formatCount, formatDuration, formatPercent, formatRate } from '@/components/lib/format';
import { CopyButton } from '@/components/ui/copy-button';
import { Badge } from '@/components/ui/badge';
import { TopErrors } from '@/components/ui/top-errors';
import type { HistogramBucket } from '@/server/contracts/bus-state';
import { HistogramChart } from './charts/histogram-chart';
import { LagTrendChart } from './charts/lag-trend-chart';
import { ConsumersTable } from './consumers-table';
import {
  clearRange,
  clearText,
  explainLag,
  laggingSince,
  lagVerdict,
  trendCertainty,
} from '@/components/lib/lag/describe-lag';
import { idleTick, pendingSampleNote } from './labels';
import type { GroupRow } from './group-rows';
import { describeTrend, summarizeTrend, trendPoints } from './lag-trend';
import { StuckEntries } from './stuck-entries';
import styles from './group-detail.module.css';

interface GroupDetailProps {
  row: GroupRow;
  stuckAfterMs: number;
  sampleSize: number;
  trendFrom: string;
  trendStepSeconds: number;
}

/** One group up close: its figures, lag trend, pending-entry histograms, consumers and stuck entries. */
export function GroupDetail({
  row,
  stuckAfterMs,
  sampleSize,
  trendFrom,
  trendStepSeconds,
}: GroupDetailProps) {
  const { group, lag, health } = row;
  const since = laggingSince(lag);
  const range = clearRange(lag);
  const pending = group.pendingEntries;
  const trend = summarizeTrend(group.lagTrend);
  const sampledNote = pendingSampleNote(pending, sampleSize);
  const isStuckBucket = (bucket: HistogramBucket) => bucket.min >= stuckAfterMs;

  return (
    <section
      id={`group-detail-${row.key}`}
      aria-label={`Group ${group.name} on ${group.topic}`}
      className={styles.detail}
    >
      {health.reasons.length > 0 ? (
        <div className={styles.reasons}>
          {health.reasons.map((reason) => (
            <Badge key={reason} tone={health.tone}>
              {reason}
            </Badge>
          ))}
        </div>
      ) : null}

      <dl className={styles.figures}>
        <Figure term="Lag" note={since ?? undefined}>
          {formatCount(lag.lag)}
          {since ? <span className={styles.sub}>{since}</span> : null}
        </Figure>
        <Figure term="Time to clear" note={explainLag(lag)}>
          <span className={lag.state === 'not-draining' ? styles.degraded : undefined}>{clearText(lag)}</span>
          <span className={styles.sub}>
            {lag.state === 'draining' || lag.state === 'not-draining' || lag.state === 'unsure'
              ? `${range ? `${range} · ` : ''}${trendCertainty(lag)}`
              : lagVerdict(lag)}
          </span>
        </Figure>
        <Figure term="In / out per second" note="Published to the topic / handled by the group, last minute">
          {formatRate(row.inPerSec, '')} / {formatRate(group.handledPerSec, '')}
        </Figure>
        <Figure term="Pending">{formatCount(group.pending)}</Figure>
        <Figure term="Error rate">{formatPercent(group.errorRate)}</Figure>
        <Figure term="Entries read">{formatCount(group.entriesRead)}</Figure>
        <Figure term="Last delivered">
          <span className={styles.id}>
            <span className={styles.mono}>{group.lastDeliveredId}</span>
            <CopyButton value={group.lastDeliveredId} label={`Copy entry id ${group.lastDeliveredId}`} />
          </span>
        </Figure>
        <Figure
          term="Oldest pending"
          note={pending.oldestId ? `Appended this long ago: entry ${pending.oldestId}` : undefined}
        >
          {pending.oldestId && lag.oldestPendingAgeMs !== null ? (
            <span className={styles.id}>
              {formatDuration(lag.oldestPendingAgeMs)}
              <CopyButton value={pending.oldestId} label={`Copy entry id ${pending.oldestId}`} />
            </span>
          ) : (
            'none'
          )}
        </Figure>
      </dl>

      <div className={styles.charts}>
        <Panel
          title="Lag, last 15 min"
          caption={trend.samples === 0 ? 'not sampled yet' : `now ${formatCount(lag.lag)}`}
        >
          <LagTrendChart
            points={trendPoints(trendFrom, trendStepSeconds, group.lagTrend)}
            label={describeTrend(trend, 15)}
          />
        </Panel>
        <Panel title="Pending idle time" caption={sampledNote}>
          <HistogramChart
            buckets={pending.idleHistogram}
            isWarning={isStuckBucket}
            tick={idleTick}
            label={histogramLabel('Idle time of', pending.idleHistogram, sampledNote)}
          />
        </Panel>
        <Panel title="Delivery count" caption={sampledNote}>
          <HistogramChart
            buckets={pending.deliveryHistogram}
            label={histogramLabel('Delivery count of', pending.deliveryHistogram, sampledNote)}
          />
        </Panel>
      </div>

      <Panel
        title="Top errors"
        caption="pending dead letters and the last hour's failed deliveries, by cause"
      >
        <TopErrors
          scope={{ topic: [group.topic], group: [group.name] }}
          label={`Top errors of ${group.name} on ${group.topic}`}
        />
      </Panel>
      <Panel title="Consumers" caption={`${formatCount(row.consumers.length)} in Redis`}>
        <ConsumersTable consumers={row.consumers} />
      </Panel>
      <Panel
        title="Stuck entries"
        caption={`idle ≥ ${formatDuration(stuckAfterMs)}, in the oldest ${formatCount(sampleSize)} pending`}
      >
        <StuckEntries count={pending.stuckCount} entries={pending.stuck} stuckAfterMs={stuckAfterMs} />
      </Panel>
    </section>
  );
}

function histogramLabel(what: string, buckets: readonly HistogramBucket[], note: string): string {
  const parts = buckets.filter((b) => b.count > 0).map((b) => `${b.label}: ${formatCount(b.count)}`);
  return `${what} ${note}${parts.length > 0 ? `. ${parts.join(', ')}` : ''}`;
}

function Figure({ term, note, children }: { term: string; note?: string; children: ReactNode }) {
  return (
    <div className={styles.figure} title={note}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Panel({ title, caption, children }: { title: string; caption?: string; children: ReactNode }) {
  return (
    <div className={styles.panel}>
      <div className={styles.panelHeader}>
        <h3 className={styles.panelTitle}>{title}</h3>
        {caption ? <span className={styles.caption}>{caption}</span> : null}
      </div>
      {children}
    </div>
  );
}
