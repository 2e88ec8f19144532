'use client';

import type { ReactNode } from 'react';
import { formatDuration, formatLatency, formatRate } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import type { Tone } from '@/components/ui/tone';
import type { Health } from '@/server/contracts/health';
import { useHealth } from '@/components/lib/api/get-health';
import { AddressValue } from './address-value';
import { STORE_KIND_LABEL } from './connection-state';
import styles from './health-details.module.css';

const STATUS_TONE: Record<Health['status'], Tone> = {
  healthy: 'ok',
  degraded: 'degraded',
  unhealthy: 'failing',
};

const STATUS_LABEL: Record<Health['status'], string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
};

const RECORDER_TONE: Record<NonNullable<Health['recorder']>['state'], Tone> = {
  starting: 'neutral',
  running: 'ok',
  degraded: 'degraded',
  stopping: 'neutral',
  stopped: 'neutral',
};

/** Live health of the EventLens server's dependencies, from the health query (kept fresh by the socket). */
export function HealthDetails() {
  const { data: health, error, isPending } = useHealth();

  if (isPending) return <HealthSkeleton />;
  if (!health) {
    return (
      <Card title="System health" aside={<Badge tone="failing">Unavailable</Badge>}>
        <div role="alert" className={styles.error}>
          <p>Could not load the health report: {error?.message ?? 'unknown error'}.</p>
          <p className={styles.hint}>
            Start the EventLens server with <code>npm run dev</code> (or <code>npm start</code>); a bare{' '}
            <code>next dev</code> serves the pages only.
          </p>
        </div>
      </Card>
    );
  }

  const { redis, store } = health;
  return (
    <Card
      title="System health"
      aside={<Badge tone={STATUS_TONE[health.status]}>{STATUS_LABEL[health.status]}</Badge>}
    >
      <div className={styles.groups}>
        <Group title="Redis">
          <Row term="Status">
            <Reachability ok={redis.ok} />
          </Row>
          <Row term="Latency">{formatLatency(redis.latencyMs)}</Row>
          <Row term="Version">{redis.version ?? '—'}</Row>
          {redis.target ? (
            <Row term="Address" stacked>
              <AddressValue value={redis.target} label="Redis address" />
            </Row>
          ) : null}
          {redis.error ? <Row term="Cause">{redis.error}</Row> : null}
          {redis.error && redis.check ? <Row term="Check">{redis.check}</Row> : null}
        </Group>
        <Group title="Store">
          <Row term="Status">
            <Reachability ok={store.ok} />
          </Row>
          <Row term="Kind">{STORE_KIND_LABEL[store.kind]}</Row>
          <Row term="Latency">{formatLatency(store.latencyMs)}</Row>
          {store.target ? (
            <Row term="Address" stacked>
              <AddressValue value={store.target} label="store address" />
            </Row>
          ) : null}
          {store.error ? <Row term="Cause">{store.error}</Row> : null}
          {store.error && store.check ? <Row term="Check">{store.check}</Row> : null}
        </Group>
        <Group title="Recorder">
          {health.recorder ? (
            <>
              <Row term="State">
                <Badge tone={RECORDER_TONE[health.recorder.state]}>{health.recorder.state}</Badge>
              </Row>
              <Row term="Lag">{formatLatency(health.recorder.lagMs)}</Row>
              <Row term="Recording">{formatRate(health.recorder.eventsPerSec, ' events/s')}</Row>
              {health.recorder.reason ? <Row term="Why">{health.recorder.reason}</Row> : null}
              {health.recorder.discovery ? (
                <Row term="Discovery">{discoveryLabel(health.recorder.discovery)}</Row>
              ) : null}
            </>
          ) : (
            <Row term="State">in another process</Row>
          )}
        </Group>
        <Group title="Server">
          <Row term="Uptime">{formatDuration(health.uptimeS * 1_000)}</Row>
          <Row term="Checked">
            <RelativeTime value={health.checkedAt} />
          </Row>
        </Group>
      </div>
      {health.recorder?.discovery ? <DiscoveryNote discovery={health.recorder.discovery} /> : null}
      {error ? (
        <p role="alert" className={styles.stale}>
          Showing the last report; refreshing failed: {error.message}
        </p>
      ) : null}
    </Card>
  );
}

type Discovery = NonNullable<NonNullable<Health['recorder']>['discovery']>;

function discoveryLabel({ mode, scanEveryMs }: Discovery): string {
  if (mode === 'managed') return 'notifications (managed)';
  if (mode === 'server') return 'notifications (server config)';
  return `scan every ${formatDuration(scanEveryMs)}`;
}

/** Why new streams are found the way they are, and what the scan still does. */
function DiscoveryNote({ discovery }: { discovery: Discovery }) {
  const scan = formatDuration(discovery.scanEveryMs);
  return (
    <p className={styles.note}>
      <strong>Stream discovery:</strong> {discovery.reason}.{' '}
      {discovery.mode === 'scan'
        ? `The recorder scans the keyspace every ${scan}, so a new stream can take that long to appear.`
        : `Redis announces each new key, so new streams appear within seconds; a scan every ${scan} also finds streams created while nobody listened.`}
    </p>
  );
}

function Reachability({ ok }: { ok: boolean }) {
  return <Badge tone={ok ? 'ok' : 'failing'}>{ok ? 'Reachable' : 'Unreachable'}</Badge>;
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className={styles.group}>
      <h3 className={styles.groupTitle}>{title}</h3>
      <dl className={styles.list}>{children}</dl>
    </div>
  );
}

/** `stacked`: the value under its term, the group's whole width (an address, cut in its middle). */
function Row({ term, children, stacked }: { term: string; children: ReactNode; stacked?: boolean }) {
  return (
    <div className={styles.row} data-stacked={stacked || undefined}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function HealthSkeleton() {
  return (
    <Card title="System health" aside={<Skeleton width={72} height={20} />}>
      <div className={styles.groups} aria-busy="true" aria-label="Loading health report">
        {['Redis', 'Store', 'Recorder', 'Server'].map((title) => (
          <div key={title} className={styles.group}>
            <h3 className={styles.groupTitle}>{title}</h3>
            <div className={styles.list}>
              {[0, 1, 2].map((row) => (
                <div key={row} className={styles.row}>
                  <Skeleton width={56} />
                  <Skeleton width={row === 0 ? 80 : 64} />
                </div>
              ))}
            </div>
          </div>
        ))}
      </div>
    </Card>
  );
}
