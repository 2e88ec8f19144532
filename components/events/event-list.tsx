'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { Skeleton } from '@/components/ui/skeleton';
import { TruncatedName } from '@/components/ui/truncated-name';
import { formatTimeZone } from '@/components/lib/format';
import { EventTime } from './event-time';
import { shortId, type EventRowModel } from './lib/event-row';
import styles from './event-list.module.css';

export const ROW_HEIGHT = 36;

/** An entry of a list: an event row, or a full-width note (a gap in the live tail). */
export type ListEntry =
  { kind: 'row'; row: EventRowModel } | { kind: 'note'; key: string; content: ReactNode };

interface EventListProps {
  label: string;
  /** How many entries there are; entries are built on demand, so only visible rows cost anything. */
  count: number;
  entryAt(index: number): ListEntry;
  keyAt(index: number): string;
  /** The href that opens an event in the drawer. */
  hrefFor(id: string): string;
  onOpen(id: string): void;
  selectedId: string | null;
  /** Below the rows, inside the scroller: "Load more", end of results. */
  footer?: ReactNode;
  /** Lets the parent scroll to the top (on resume). */
  scrollRef?: RefObject<HTMLDivElement | null>;
  /** Now, for the time column: rows of another day show their date (see `dated`). */
  now: number;
  /** Some rows are of another day than today: the time column is wide enough for their date. */
  dated?: boolean;
}

/**
 * A virtualized table of events: a fixed header and a scroller that renders only the rows in view,
 * so ten rows or ten thousand cost the same to paint. Rows have one fixed height.
 */
export function EventList({
  label,
  count,
  entryAt,
  keyAt,
  hrefFor,
  onOpen,
  selectedId,
  footer,
  scrollRef,
  now,
  dated = false,
}: EventListProps) {
  const ownRef = useRef<HTMLDivElement | null>(null);
  const ref = scrollRef ?? ownRef;
  // The compiler cannot memoize around TanStack Virtual (it returns fresh functions); it is not on here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => ref.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: keyAt,
    overscan: 8,
  });

  return (
    <div
      className={styles.table}
      role="table"
      aria-label={label}
      aria-rowcount={count + 1}
      data-dated={dated || undefined}
    >
      <div role="rowgroup" className={styles.head}>
        <div role="row" aria-rowindex={1} className={styles.columns}>
          <span role="columnheader" title="Times are in your time zone">
            Time <span className={styles.zone}>{formatTimeZone(now)}</span>
          </span>
          <span role="columnheader">Topic</span>
          <span role="columnheader">Type</span>
          <span role="columnheader">Source</span>
          <span role="columnheader">Correlation id</span>
          <span role="columnheader">Data</span>
        </div>
      </div>
      <div ref={ref} className={styles.scroller} role="rowgroup">
        <div className={styles.sizer} style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entryAt(item.index);
            const style = { transform: `translateY(${item.start}px)` };
            if (entry.kind === 'note') {
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className={styles.note}
                  style={style}
                >
                  <span role="cell">{entry.content}</span>
                </div>
              );
            }
            return (
              // keyed by position, not by event: while the live tail prepends, the rows in view keep
              // their DOM and only their text changes, instead of every row unmounting and a new set
              // mounting on each repaint (that churn made the page's longest tasks)
              <EventRow
                key={item.index}
                row={entry.row}
                rowIndex={item.index + 2}
                top={item.start}
                href={entry.row.id ? hrefFor(entry.row.id) : null}
                selected={entry.row.id !== null && entry.row.id === selectedId}
                onOpen={onOpen}
                now={now}
              />
            );
          })}
        </div>
        {footer ? <div className={styles.footer}>{footer}</div> : null}
      </div>
    </div>
  );
}

interface EventRowProps {
  row: EventRowModel;
  rowIndex: number;
  top: number;
  href: string | null;
  selected: boolean;
  onOpen(id: string): void;
  now: number;
}

const EventRow = memo(function EventRow({ row, rowIndex, top, href, selected, onOpen, now }: EventRowProps) {
  // The whole row opens the event for pointer users; the type link is the keyboard and screen-reader
  // way (and can be opened in a new tab). Clicks on the row's own controls are theirs.
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (!row.id) return;
    if ((event.target as HTMLElement).closest('a, button')) return;
    if (window.getSelection()?.toString()) return; // selecting text to copy is not a click
    onOpen(row.id);
  };
  // A plain anchor rather than next/link: live rows mount by the dozen every second, and Link's
  // viewport observer per row showed up in profiles. Modified clicks still open a new tab.
  const onLinkClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!row.id || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0)
      return;
    event.preventDefault();
    onOpen(row.id);
  };

  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      className={styles.row}
      data-openable={row.id ? true : undefined}
      style={{ transform: `translateY(${top}px)` }}
      onClick={onClick}
    >
      <span role="cell" className={styles.time}>
        <EventTime value={row.time} now={now} />
      </span>
      {/* names that differ at their end (signals.v1, signals.v2) stay told apart: cut in the middle */}
      <span role="cell" className={styles.name}>
        <TruncatedName name={row.topic} />
      </span>
      <span role="cell" className={styles.text}>
        {href && row.type ? (
          <a href={href} className={styles.open} title={`Open ${row.type}`} onClick={onLinkClick}>
            {row.type}
          </a>
        ) : (
          <span className={styles.muted} title={row.foreign ?? undefined}>
            {row.type ?? 'foreign entry'}
          </span>
        )}
      </span>
      <span role="cell" className={styles.name}>
        {row.source ? <TruncatedName name={row.source} /> : <span className={styles.muted}>—</span>}
      </span>
      <span role="cell" className={styles.correlation}>
        {row.correlationId ? (
          <>
            <span className={styles.id} title={row.correlationId}>
              {shortId(row.correlationId)}
            </span>
            <CopyButton value={row.correlationId} label="Copy correlation id" />
          </>
        ) : (
          <span className={styles.muted}>—</span>
        )}
      </span>
      <span role="cell" className={styles.preview} title={row.preview}>
        {row.preview || <span className={styles.muted}>no data</span>}
      </span>
    </div>
  );
});

/** Placeholder rows while the first page or the subscription loads. */
export function EventListSkeleton({ label, rows = 8 }: { label: string; rows?: number }) {
  return (
    <div className={styles.table} aria-busy="true" aria-label={label}>
      <div className={styles.head}>
        <div className={styles.columns} aria-hidden>
          <span>Time</span>
          <span>Topic</span>
          <span>Type</span>
          <span>Source</span>
          <span>Correlation id</span>
          <span>Data</span>
        </div>
      </div>
      <div className={styles.skeletonRows}>
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className={styles.skeletonRow} aria-hidden>
            <Skeleton width={56} />
            <Skeleton width={110} />
            <Skeleton width={130} />
            <Skeleton width={120} />
            <Skeleton width={100} />
            <Skeleton width={`${60 + ((i * 37) % 35)}%`} />
          </div>
        ))}
      </div>
    </div>
  );
}
