import type { ReactNode } from 'react';
import { formatBytes, formatDateTime, formatDelay } from '@/components/lib/format';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { EventDetail } from '@/server/contracts/events';
import styles from './drawer.module.css';

/** The envelope's attributes; optional extensions only when the event has them. */
export function EventEnvelope({ event }: { event: EventDetail }) {
  const delayMs = Date.parse(event.recordedAt) - Date.parse(event.time);
  return (
    <dl className={styles.attributes}>
      <Row term="Id">
        <Id value={event.id} label="Copy event id" />
      </Row>
      <Row term="Type">{event.type || <Muted>none (foreign entry)</Muted>}</Row>
      <Row term="Source">{event.source}</Row>
      <Row term="Topic">{event.topic}</Row>
      {event.subject ? <Row term="Subject">{event.subject}</Row> : null}
      <Row term="Time">
        <span className={styles.inline}>
          <span>{formatDateTime(event.time)}</span>
          <Muted>
            <RelativeTime value={event.time} />
          </Muted>
        </span>
      </Row>
      <Row term="Recorded">
        <span className={styles.inline}>
          <RelativeTime value={event.recordedAt} />
          {Number.isFinite(delayMs) ? <Muted>{formatDelay(delayMs)} after its time</Muted> : null}
        </span>
      </Row>
      <Row term="Correlation id">
        {event.correlationId ? (
          <Id value={event.correlationId} label="Copy correlation id" />
        ) : (
          <Muted>none</Muted>
        )}
      </Row>
      <Row term="Causation id">
        {event.causationId ? <Id value={event.causationId} label="Copy causation id" /> : <Muted>none</Muted>}
      </Row>
      {event.traceparent ? (
        <Row term="Trace parent">
          <Id value={event.traceparent} label="Copy traceparent" />
        </Row>
      ) : null}
      {event.dataVersion !== null ? <Row term="Data version">{event.dataVersion}</Row> : null}
      {event.tenantId ? <Row term="Tenant">{event.tenantId}</Row> : null}
      {event.sensitivity ? <Row term="Sensitivity">{event.sensitivity}</Row> : null}
      <Row term="Stream entry">
        <span className={styles.inline}>
          <span className={styles.mono}>{event.entryId}</span>
          <Muted>{event.stream}</Muted>
        </span>
      </Row>
      <Row term="Entry size">{formatBytes(event.sizeBytes)}</Row>
    </dl>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className={styles.attribute}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Id({ value, label }: { value: string; label: string }) {
  return (
    <span className={styles.id}>
      <span className={styles.mono}>{value}</span>
      <CopyButton value={value} label={label} />
    </span>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className={styles.muted}>{children}</span>;
}
