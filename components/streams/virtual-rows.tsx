'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import styles from './table.module.css';

interface VirtualRowsProps<T> {
  items: readonly T[];
  getKey: (item: T) => string;
  /** Every row has this height, in px. */
  rowHeight: number;
  /** The list scrolls inside this height; shorter lists take their own height. */
  maxHeight: number;
  /** The cells of one row (each a role="cell" element). */
  renderCells: (item: T) => ReactNode;
  /** aria-rowindex of the first body row: 2 under one header row. */
  firstRowIndex?: number;
}

/** The body of a grid table, virtualized inside its own scroll box (fixed-height rows). */
export function VirtualRows<T>({
  items,
  getKey,
  rowHeight,
  maxHeight,
  renderCells,
  firstRowIndex = 2,
}: VirtualRowsProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // the app does not run the React Compiler; this component re-renders with its virtualizer as usual
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => getKey(items[index]!),
    // first paint (and server render) before the scroll box is measured: show what fits
    initialRect: { width: 0, height: maxHeight },
  });

  return (
    <div ref={scrollRef} role="rowgroup" className={styles.scroll} style={{ maxHeight }}>
      <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index]!;
          return (
            <div
              key={row.key}
              role="row"
              aria-rowindex={firstRowIndex + row.index}
              className={styles.row}
              style={{
                position: 'absolute',
                inset: '0 0 auto 0',
                height: rowHeight,
                transform: `translateY(${row.start}px)`,
              }}
            >
              {renderCells(item)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
