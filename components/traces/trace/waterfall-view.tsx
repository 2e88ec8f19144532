'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useEffect, useMemo, useRef } from 'react';
import { formatDelay, formatLatency } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { useElementWidth } from '@/components/lib/use-element-width';
import type { TraceNode } from '@/server/contracts/traces';
import { compressedScale, fitAxisLabels, type CompressedScale } from '../lib/compressed-scale';
import { serviceOfSource } from '../lib/service-name';
import { visibleNodes, waterfallRows, type WaterfallRow } from '../lib/tree-rows';
import { busyIntervals, deliverySpans, nodeSpan } from '../lib/waterfall-geometry';
import { attemptTone, OUTCOME_TONE } from './outcome';
import styles from './waterfall.module.css';

const ROW_HEIGHT = 24;
const MAX_HEIGHT = 620;
const INDENT = 12;
const MAX_INDENT_DEPTH = 16;
const NO_COLLAPSE: ReadonlySet<string> = new Set();

interface WaterfallViewProps {
  nodes: readonly TraceNode[];
  /** ISO: the trace's start, the origin of every offset. */
  start: string;
  criticalOnly: boolean;
  onEndReached?: () => void;
}

const pct = (x: number) => `${(x * 100).toFixed(3)}%`;

/**
 * Every event and its deliveries on one time axis, virtualized. Long idle gaps are compressed to a
 * fixed width and marked (lib/compressed-scale.ts), so a 40 s backoff does not squash the milliseconds
 * around it; each bar says its time since its parent and since the root. The critical path is drawn
 * in the focus colour.
 */
export function WaterfallView({ nodes, start, criticalOnly, onEndReached }: WaterfallViewProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const startMs = Date.parse(start);
  // the scale covers every loaded row, so filtering to the critical path keeps the same axis
  const scale = useMemo(() => compressedScale(busyIntervals(nodes, startMs)), [nodes, startMs]);
  const rows = useMemo(
    () => waterfallRows(visibleNodes(nodes, { collapsed: NO_COLLAPSE, criticalOnly })),
    [nodes, criticalOnly],
  );
  // the app does not run the React Compiler; this component re-renders with its virtualizer as usual
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 0, height: MAX_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onEndReached && last >= rows.length - 30) onEndReached();
  }, [last, rows.length, onEndReached]);

  return (
    <div className={styles.waterfall} role="table" aria-label="Waterfall" aria-rowcount={rows.length + 1}>
      <div role="rowgroup">
        <div role="row" className={styles.axisRow}>
          <span role="columnheader" className={styles.labelHeader}>
            Event / delivery
          </span>
          <span role="columnheader" className={styles.axis}>
            <Axis scale={scale} />
          </span>
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className={styles.scroll} style={{ maxHeight: MAX_HEIGHT }}>
        <div className={styles.body} style={{ height: virtualizer.getTotalSize() }}>
          <div className={styles.breakLayer} aria-hidden>
            {scale.breaks.map((gap) => (
              <span
                key={gap.fromMs}
                className={styles.breakBand}
                style={{ left: pct(gap.x0), width: pct(gap.x1 - gap.x0) }}
              />
            ))}
          </div>
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={styles.row}
                data-kind={row.kind}
                data-critical={row.node.critical || undefined}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <RowLabel row={row} criticalOnly={criticalOnly} />
                <span role="cell" className={styles.track}>
                  {row.kind === 'node' ? (
                    <NodeBar node={row.node} scale={scale} />
                  ) : (
                    <DeliveryBars row={row} scale={scale} startMs={startMs} />
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function RowLabel({ row, criticalOnly }: { row: WaterfallRow; criticalOnly: boolean }) {
  const depth = criticalOnly ? 0 : Math.min(row.node.depth, MAX_INDENT_DEPTH);
  if (row.kind === 'delivery') {
    const { delivery } = row;
    return (
      <span role="cell" className={styles.label} style={{ paddingLeft: depth * INDENT + 18 }}>
        <span className={styles.dot} data-tone={OUTCOME_TONE[delivery.outcome]} aria-hidden />
        <span className={styles.deliveryName} title={`${delivery.group} · ${delivery.outcome}`}>
          {delivery.group}
        </span>
        <span className={styles.subtle}>{delivery.outcome}</span>
      </span>
    );
  }
  const { node } = row;
  return (
    <span role="cell" className={styles.label} style={{ paddingLeft: depth * INDENT + 6 }}>
      {node.kind === 'event' ? (
        <Link href={routes.events({ mode: 'history', event: node.id })} className={styles.eventName}>
          {node.type ?? 'foreign entry'}
        </Link>
      ) : (
        <span className={styles.placeholderName}>{node.kind}</span>
      )}
      <span className={styles.subtle}>{node.kind === 'event' ? serviceOfSource(node.source) : ''}</span>
    </span>
  );
}

function NodeBar({ node, scale }: { node: TraceNode; scale: CompressedScale }) {
  const span = nodeSpan(node);
  if (node.kind !== 'event' || !span) {
    return <span className={styles.placeholderNote}>{node.reason ?? 'not recorded'}</span>;
  }
  const x0 = scale.x(span.start);
  const x1 = scale.x(span.end);
  const label = `${node.sinceParentMs === null ? 'root' : formatDelay(node.sinceParentMs)} · @${formatLatency(node.offsetMs)}`;
  return (
    <>
      <span className={styles.span} style={{ left: pct(x0), width: pct(Math.max(0, x1 - x0)) }} />
      <span className={styles.tick} style={{ left: pct(x0) }} />
      <BarLabel from={x0} to={x1} title="Since the parent event · since the root">
        {label}
      </BarLabel>
    </>
  );
}

function DeliveryBars({
  row,
  scale,
  startMs,
}: {
  row: Extract<WaterfallRow, { kind: 'delivery' }>;
  scale: CompressedScale;
  startMs: number;
}) {
  const spans = deliverySpans(row.node, row.delivery, startMs);
  const first = spans.attempts[0];
  const lastAttempt = spans.attempts.at(-1);
  const end = lastAttempt ? scale.x(lastAttempt.end) : null;
  const label = `queued ${formatLatency(row.delivery.queueWaitMs)} · handler ${formatLatency(row.delivery.handlerMs)}`;
  return (
    <>
      {spans.queue ? (
        <span
          className={styles.queue}
          title={`Queued ${formatLatency(row.delivery.queueWaitMs)}`}
          style={{
            left: pct(scale.x(spans.queue.start)),
            width: pct(scale.x(spans.queue.end) - scale.x(spans.queue.start)),
          }}
        />
      ) : null}
      {first && lastAttempt && spans.attempts.length > 1 ? (
        <span
          className={styles.backoff}
          style={{
            left: pct(scale.x(first.end)),
            width: pct(scale.x(lastAttempt.start) - scale.x(first.end)),
          }}
        />
      ) : null}
      {spans.attempts.map((attempt, i) => (
        <span
          key={i}
          className={styles.handler}
          data-tone={attemptTone(attempt.outcome)}
          title={`Attempt ${i + 1}: ${attempt.outcome}, ${formatLatency(attempt.end - attempt.start)}`}
          style={{
            left: pct(scale.x(attempt.start)),
            width: pct(scale.x(attempt.end) - scale.x(attempt.start)),
          }}
        />
      ))}
      {end !== null ? (
        <span
          className={styles.barLabel}
          data-side={end > 0.7 ? 'left' : 'right'}
          style={
            end > 0.7 ? { right: pct(1 - scale.x(spans.queue?.start ?? first!.start)) } : { left: pct(end) }
          }
        >
          {label}
        </span>
      ) : null}
    </>
  );
}

/**
 * A bar's text after the bar when there is room, else before it, else over its start (a bar across
 * nearly the whole chart); the track clips what still does not fit.
 */
function BarLabel({
  from,
  to,
  title,
  children,
}: {
  from: number;
  to: number;
  title?: string;
  children: string;
}) {
  const side = to < 0.7 ? 'right' : from > 0.3 ? 'left' : 'inside';
  return (
    <span
      className={styles.barLabel}
      data-side={side}
      title={title}
      style={side === 'left' ? { right: pct(1 - from) } : { left: pct(side === 'right' ? to : from) }}
    >
      {children}
    </span>
  );
}

/** The axis: the start, the end, and each compressed gap with how long it really was (those that fit). */
function Axis({ scale }: { scale: CompressedScale }) {
  const [ref, width] = useElementWidth<HTMLSpanElement>();
  const [from, to] = scale.domain;
  const labels = fitAxisLabels(
    [
      { x: 0, text: formatLatency(from), align: 'start' },
      { x: 1, text: formatLatency(to), align: 'end' },
      ...[...scale.breaks]
        .sort((a, b) => b.toMs - b.fromMs - (a.toMs - a.fromMs))
        .map((gap) => ({
          x: (gap.x0 + gap.x1) / 2,
          text: `≈${formatLatency(gap.toMs - gap.fromMs)}`,
          align: 'middle' as const,
        })),
    ],
    width,
  );
  return (
    <span ref={ref} className={styles.axisInner}>
      {scale.breaks.map((gap) => (
        <span
          key={gap.fromMs}
          className={styles.axisBreak}
          style={{ left: pct(gap.x0), width: pct(gap.x1 - gap.x0) }}
          title={`${formatLatency(gap.toMs - gap.fromMs)} idle, drawn compressed (${formatLatency(gap.fromMs)} to ${formatLatency(gap.toMs)})`}
        />
      ))}
      {labels.map((label) => (
        <span
          key={`${label.x}-${label.text}`}
          className={styles.axisLabel}
          data-align={label.align}
          style={label.align === 'end' ? { right: pct(1 - label.x) } : { left: pct(label.x) }}
        >
          {label.text}
        </span>
      ))}
    </span>
  );
}
