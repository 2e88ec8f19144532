'use client';

import {
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import { layoutColumns, type ColumnLayout, type ColumnSpec, type RowChrome } from './columns';
import styles from './table-kit.module.css';

interface ResponsiveTableProps extends Omit<HTMLAttributes<HTMLDivElement>, 'role' | 'children'> {
  columns: readonly ColumnSpec[];
  chrome: RowChrome;
  children: ReactNode;
}

interface FrameLayout extends ColumnLayout {
  /** Even the essential columns do not fit: the frame scrolls sideways. */
  scrolls: boolean;
}

interface Edges {
  /** Columns hidden to the left / right of a table that scrolls sideways. */
  before: boolean;
  after: boolean;
}

/**
 * A grid table (role="table") that fits its box: it hides low-priority columns (cells marked with
 * `data-priority`) as the box narrows, and when even the essential ones do not fit it scrolls sideways
 * with a shadow on the side that has more. It sets `--columns` for its rows' grid-template-columns.
 *
 * The frame only becomes a scroll box when it must, so that headers sticky to the window keep working.
 */
export function ResponsiveTable({
  columns,
  chrome,
  children,
  className,
  style,
  ...aria
}: ResponsiveTableProps) {
  const frameRef = useRef<HTMLDivElement>(null);
  const [layout, setLayout] = useState<FrameLayout>(() => ({
    ...layoutColumns(columns, Infinity, chrome),
    scrolls: false,
  }));
  const [edges, setEdges] = useState<Edges>({ before: false, after: false });

  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const measure = () => {
      setLayout((previous) => {
        const next = layoutColumns(columns, frame.clientWidth, chrome);
        const scrolls = next.minWidth > frame.clientWidth;
        const same = next.template === previous.template && scrolls === previous.scrolls;
        return same ? previous : { ...next, scrolls };
      });
      const max = frame.scrollWidth - frame.clientWidth;
      setEdges((previous) => {
        const next = { before: frame.scrollLeft > 1, after: max - frame.scrollLeft > 1 };
        return next.before === previous.before && next.after === previous.after ? previous : next;
      });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    frame.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      frame.removeEventListener('scroll', measure);
    };
  }, [columns, chrome]);

  return (
    <div
      className={styles.frameWrap}
      data-more-before={edges.before || undefined}
      data-more-after={edges.after || undefined}
    >
      <div ref={frameRef} className={styles.frame} data-scrolls={layout.scrolls || undefined}>
        <div
          role="table"
          {...aria}
          data-shown={layout.shown}
          className={className ? `${styles.priorities} ${className}` : styles.priorities}
          style={{ ...style, '--columns': layout.template, minWidth: layout.minWidth } as CSSProperties}
        >
          {children}
        </div>
      </div>
      {edges.after ? <span className="visually-hidden">Scroll sideways for more columns</span> : null}
    </div>
  );
}
