'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { GitCompareArrows, RotateCw } from 'lucide-react';
import Link from 'next/link';
import { useRef } from 'react';
import { formatCount, formatDateTime, formatDelay, formatLatency } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import { Button, ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoading } from '@/components/ui/page-loading';
import type { Tone } from '@/components/ui/tone';
import type { TraceComparison, TraceSummary } from '@/server/contracts/traces';
import { useTraceComparison } from '../api/get-trace-comparison';
import { attemptTone } from '../trace/outcome';
import { useCompareUrl } from './use-compare-url';
import styles from './compare.module.css';

type Row = TraceComparison['rows'][number];
type Side = NonNullable<Row['a']>;

const ROW_HEIGHT = 36;
const MAX_HEIGHT = 620;
const INDENT = 14;

const DIFF: Record<NonNullable<Row['diff']>, { label: string; tone: Tone }> = {
  'only-in-a': { label: 'only in A', tone: 'degraded' },
  'only-in-b': { label: 'only in B', tone: 'degraded' },
  'slower-in-a': { label: 'slower in A', tone: 'failing' },
  'slower-in-b': { label: 'slower in B', tone: 'failing' },
};

/**
 * Two traces of one root type side by side, hop by hop (matched by their path of event types): both
 * summaries on top, then each hop's timing in A and B, with the hops that differ marked.
 */
export function CompareView() {
  const { a, b } = useCompareUrl();
  const { data, isPending, isError, error, refetch, isFetching } = useTraceComparison(a, b);
  if (!a || !b) {
    return (
      <EmptyState
        icon={GitCompareArrows}
        title="Choose two traces to compare"
        action={
          <ButtonLink href={routes.traces()} size="sm">
            Search traces
          </ButtonLink>
        }
      >
        <p>In the trace search, tick two traces of the same root type and choose Compare.</p>
      </EmptyState>
    );
  }
  if (isPending) return <PageLoading label="Comparing traces" />;
  if (isError) {
    return (
      <div role="alert" className={styles.alert}>
        <p>Could not compare the traces: {error.message}</p>
        <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  }
  const differing = data.rows.filter((row) => row.diff !== null).length;
  return (
    <div className={styles.page}>
      <div className={styles.summaries}>
        <SummaryCard label="A" summary={data.a} />
        <SummaryCard label="B" summary={data.b} />
      </div>
      <section className={styles.panel} aria-label="Hops compared">
        <header className={styles.panelHeader}>
          <h2 className={styles.panelTitle}>Hops</h2>
          <span className={styles.muted} role="status">
            {formatCount(data.rows.length)} hops · {formatCount(differing)} differ
          </span>
        </header>
        <CompareRows rows={data.rows} />
      </section>
    </div>
  );
}

function SummaryCard({ label, summary }: { label: string; summary: TraceSummary }) {
  return (
    <section className={styles.card} aria-label={`Trace ${label}`}>
      <div className={styles.cardHead}>
        <span className={styles.side}>{label}</span>
        <Link href={routes.trace(summary.correlationId)} className={styles.cardTitle}>
          {summary.rootType ?? 'no root'}
        </Link>
      </div>
      <p className={styles.mono} title={summary.correlationId}>
        {summary.correlationId}
      </p>
      <dl className={styles.figures}>
        <div>
          <dt>Duration</dt>
          <dd>{formatLatency(summary.durationMs)}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{formatCount(summary.events)}</dd>
        </div>
        <div>
          <dt>Failures</dt>
          <dd data-failing={summary.failures > 0 || undefined}>{formatCount(summary.failures)}</dd>
        </div>
        <div>
          <dt>Dead letters</dt>
          <dd data-failing={summary.deadLetters > 0 || undefined}>{formatCount(summary.deadLetters)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd className={styles.small}>{formatDateTime(summary.start)}</dd>
        </div>
      </dl>
    </section>
  );
}

function CompareRows({ rows }: { rows: TraceComparison['rows'] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // the app does not run the React Compiler; this component re-renders with its virtualizer as usual
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 0, height: MAX_HEIGHT },
  });
  return (
    <div role="table" aria-label="Compared hops" aria-rowcount={rows.length + 1} className={styles.table}>
      <div role="rowgroup">
        <div role="row" className={styles.headerRow}>
          <span role="columnheader">Hop</span>
          <span role="columnheader" className={styles.num}>
            A since parent
          </span>
          <span role="columnheader" className={styles.num}>
            A at
          </span>
          <span role="columnheader">A outcome</span>
          <span role="columnheader" className={styles.num}>
            B since parent
          </span>
          <span role="columnheader" className={styles.num}>
            B at
          </span>
          <span role="columnheader">B outcome</span>
          <span role="columnheader">Difference</span>
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className={styles.scroll} style={{ maxHeight: MAX_HEIGHT }}>
        <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={styles.row}
                data-diff={row.diff ?? undefined}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <span
                  role="cell"
                  className={styles.hop}
                  style={{ paddingLeft: Math.min(row.depth, 20) * INDENT }}
                  title={row.path}
                >
                  {row.type}
                </span>
                <SideCells side={row.a} slower={row.diff === 'slower-in-a'} />
                <SideCells side={row.b} slower={row.diff === 'slower-in-b'} />
                <span role="cell">
                  {row.diff ? <Badge tone={DIFF[row.diff].tone}>{DIFF[row.diff].label}</Badge> : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function SideCells({ side, slower }: { side: Side | null; slower: boolean }) {
  if (!side) {
    return (
      <>
        <span role="cell" className={styles.absent}>
          absent
        </span>
        <span role="cell" />
        <span role="cell" />
      </>
    );
  }
  return (
    <>
      <span role="cell" className={styles.num} data-slower={slower || undefined}>
        {side.sinceParentMs === null ? 'root' : formatDelay(side.sinceParentMs)}
      </span>
      <span role="cell" className={styles.num}>
        {formatLatency(side.offsetMs)}
      </span>
      <span role="cell">
        <Badge tone={attemptTone(side.outcome)}>{side.outcome}</Badge>
      </span>
    </>
  );
}
