'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { formatCount, formatDateTime, formatListTime } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import type { Tone } from '@/components/ui/tone';
import type { DeadLetterListItem, DeadLetterStatus } from '@/server/contracts/dead-letter-list';
import styles from './letters.module.css';

const ROW_HEIGHT = 60;
const MAX_HEIGHT = 480;

export const STATUS_TONE: Record<DeadLetterStatus, Tone> = {
  pending: 'failing',
  replaying: 'replayed',
  replayed: 'ok',
  discarded: 'neutral',
};

interface LettersListProps {
  letters: readonly DeadLetterListItem[];
  selected: ReadonlySet<string>;
  onToggle(id: string): void;
  onToggleAll(select: boolean): void;
  /** The letter open in the drawer. */
  current: string | null;
  onOpen(id: string): void;
  /** More pages to load: called when the end of the list scrolls into view. */
  onEndReached?: () => void;
}

/**
 * The letters of a group in a virtualized grid: every row has a checkbox for the group's actions and
 * opens the drawer. The error message wraps over two lines; a longer one ends in a visible ellipsis and
 * is whole on hover and in the drawer, never cut without a mark.
 */
export function LettersList({
  letters,
  selected,
  onToggle,
  onToggleAll,
  current,
  onOpen,
  onEndReached,
}: LettersListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [now] = useState(() => Date.now());
  // the app does not run the React Compiler; this component re-renders with its virtualizer as usual
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: letters.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => letters[index]!.id,
    initialRect: { width: 0, height: MAX_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onEndReached && last >= letters.length - 5) onEndReached();
  }, [last, letters.length, onEndReached]);

  const allSelected = letters.length > 0 && letters.every((letter) => selected.has(letter.id));
  return (
    <div role="table" aria-label="Dead letters" aria-rowcount={letters.length + 1} className={styles.table}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <span role="columnheader" className={styles.check}>
            <input
              type="checkbox"
              aria-label="Select all loaded letters"
              checked={allSelected}
              onChange={(event) => onToggleAll(event.target.checked)}
            />
          </span>
          <span role="columnheader">Event</span>
          <span role="columnheader">Error</span>
          <span role="columnheader" className={styles.num}>
            Attempts
          </span>
          <span role="columnheader">Last failure</span>
          <span role="columnheader">Status</span>
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className={styles.scroll} style={{ maxHeight: MAX_HEIGHT }}>
        <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
          {items.map((row) => {
            const letter = letters[row.index]!;
            const isSelected = selected.has(letter.id);
            return (
              <div
                key={row.key}
                role="row"
                aria-rowindex={row.index + 2}
                aria-selected={isSelected}
                data-current={letter.id === current || undefined}
                className={styles.row}
                style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <span role="cell" className={styles.check}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${letter.eventType ?? letter.id}`}
                    checked={isSelected}
                    onChange={() => onToggle(letter.id)}
                  />
                </span>
                <span role="cell" className={styles.event}>
                  <button type="button" className={styles.open} onClick={() => onOpen(letter.id)}>
                    {letter.eventType ?? 'foreign entry'}
                  </button>
                  <span className={styles.id} title={letter.eventId ?? letter.id}>
                    {letter.eventId ?? letter.id}
                  </span>
                </span>
                <span
                  role="cell"
                  className={styles.error}
                  title={`${letter.errorName}: ${letter.errorMessage}`}
                >
                  <span className={styles.errorName}>{letter.errorName}</span> {letter.errorMessage}
                </span>
                <span role="cell" className={styles.num}>
                  {formatCount(letter.attempts)}
                </span>
                <span role="cell" className={styles.time}>
                  <time dateTime={letter.lastFailureAt} title={formatDateTime(letter.lastFailureAt)}>
                    {formatListTime(letter.lastFailureAt, now)}
                  </time>
                </span>
                <span role="cell" className={styles.status}>
                  <Badge tone={STATUS_TONE[letter.status]}>{letter.status}</Badge>
                  {letter.failedAfterReplay ? (
                    <span className={styles.again} title="This event was replayed before and failed again">
                      failed again after replay
                    </span>
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
