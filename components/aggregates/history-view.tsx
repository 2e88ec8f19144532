'use client';

import { ChevronLeft, ChevronRight } from 'lucide-react';
import { formatCount } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { AggregateDetail } from '@/server/contracts/aggregates';
import styles from './aggregates.module.css';
import { StateChangesList } from './state-changes-list';

const SOURCE_LABEL: Record<AggregateDetail['states'], string> = {
  local: 'states from this server',
  owner: 'states from a live owner',
  unavailable: 'events only',
};

/**
 * One aggregate's history: the events of the page as a list, a version slider and stepper (time
 * travel), the state at the chosen version and what its event changed.
 */
export function HistoryView({
  detail,
  onAt,
  loading,
}: {
  detail: AggregateDetail;
  onAt(at: number): void;
  loading: boolean;
}) {
  const { at, version } = detail;
  const selected = detail.events.find((e) => e.version === at);
  return (
    <div className={styles.stack} aria-busy={loading || undefined}>
      <div className={styles.heading}>
        <h2>
          {detail.type} / {detail.aggregateId}
        </h2>
        <CopyButton value={detail.aggregateId} label="Copy aggregate id" />
        <span className={styles.muted}>
          {formatCount(version)} events · topic {detail.topic}
        </span>
        <Badge tone={detail.states === 'unavailable' ? 'degraded' : 'neutral'}>
          {SOURCE_LABEL[detail.states]}
        </Badge>
        {detail.masking ? <Badge tone="neutral">masked for your role</Badge> : null}
      </div>
      {detail.statesNote ? (
        <p role="status" className={styles.note}>
          {detail.statesNote}
        </p>
      ) : null}
      <div className={styles.stepper}>
        <Button
          size="sm"
          iconOnly
          aria-label="Previous version"
          disabled={at <= 1}
          onClick={() => onAt(at - 1)}
        >
          <ChevronLeft size={16} aria-hidden />
        </Button>
        <input
          type="range"
          className={styles.slider}
          aria-label="Version"
          min={1}
          max={version}
          value={at}
          onChange={(e) => onAt(Number(e.target.value))}
        />
        <Button
          size="sm"
          iconOnly
          aria-label="Next version"
          disabled={at >= version}
          onClick={() => onAt(at + 1)}
        >
          <ChevronRight size={16} aria-hidden />
        </Button>
        <span className={styles.version} aria-live="polite">
          version {formatCount(at)} of {formatCount(version)}
        </span>
      </div>
      <div className={styles.split}>
        <ol className={styles.events} aria-label="Event history">
          {detail.events.map((event) => (
            <li key={event.version}>
              <button
                type="button"
                className={styles.event}
                aria-current={event.version === at ? 'true' : undefined}
                onClick={() => onAt(event.version)}
              >
                <span className={styles.version}>v{event.version}</span>
                <span className={styles.type}>{event.type}</span>
                <span className={styles.muted}>{event.time ? <RelativeTime value={event.time} /> : '—'}</span>
              </button>
            </li>
          ))}
        </ol>
        <div className={styles.stack}>
          <Card title={`State at version ${at}`}>
            {detail.state === undefined ? (
              <p className={styles.muted}>
                No state: it is folded by the code that defines {detail.type}, and no live process that
                defines it answered.
              </p>
            ) : (
              <pre className={styles.json} aria-label="State">
                {JSON.stringify(detail.state, null, 2)}
              </pre>
            )}
          </Card>
          <Card title={selected ? `Version ${at}: ${selected.type}` : `Version ${at}`}>
            <div className={styles.stack}>
              {selected?.changes ? <StateChangesList changes={selected.changes} /> : null}
              {selected && selected.data !== undefined ? (
                <pre className={styles.json} aria-label="Event data">
                  {JSON.stringify(selected.data, null, 2)}
                </pre>
              ) : null}
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
