'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import { useLatestEvents } from '../api/get-latest-events';
import styles from './panel.module.css';

const LIMIT = 50;
const ROW_HEIGHT = 34;

interface LatestEventsProps {
  topic: readonly string[];
  source: readonly string[];
}

/** The newest recorded events of the node (type, when, copyable id), refreshed every few seconds. */
export function LatestEvents({ topic, source }: LatestEventsProps) {
  const { data, isPending, error, refetch } = useLatestEvents({ topic, source, limit: LIMIT });

  return (
    <section className={styles.section} aria-labelledby="flows-panel-events">
      <h3 id="flows-panel-events" className={styles.sectionTitle}>
        Latest events
      </h3>
      {data ? (
        data.items.length === 0 ? (
          <p className={styles.muted}>No events recorded here yet.</p>
        ) : (
          <EventRows items={data.items} />
        )
      ) : isPending ? (
        <div className={styles.rowsSkeleton} aria-busy="true" aria-label="Loading latest events">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={20} />
          ))}
        </div>
      ) : (
        <div role="alert" className={styles.inlineError}>
          <span>Could not load the events: {error?.message ?? 'unknown error'}</span>
          <Button size="sm" onClick={() => void refetch()}>
            Retry
          </Button>
        </div>
      )}
    </section>
  );
}

interface Row {
  id: string;
  source: string;
  type: string;
  time: string;
}

/** Virtualized, like every list: only the rows in view are in the DOM. Memo: the panel re-renders every tick. */
const EventRows = memo(function EventRows({ items }: { items: readonly Row[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be called in render
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => `${items[index]?.source}/${items[index]?.id}`,
  });

  return (
    <div ref={scrollRef} className={styles.rows}>
      <ul
        className={styles.rowList}
        style={{ height: virtualizer.getTotalSize() }}
        aria-label="Latest events"
      >
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index];
          if (!item) return null;
          return (
            <li
              key={virtual.key}
              className={styles.row}
              style={{ height: virtual.size, transform: `translateY(${virtual.start}px)` }}
            >
              <span className={styles.type} title={item.type}>
                {item.type}
              </span>
              <span className={styles.time}>
                <RelativeTime value={item.time} />
              </span>
              <span className={styles.eventId} title={item.id}>
                {item.id}
              </span>
              <CopyButton value={item.id} label={`Copy event id ${item.id}`} />
            </li>
          );
        })}
      </ul>
    </div>
  );
});
