import { ArrowLeft, Download, ListFilter } from 'lucide-react';
import Link from 'next/link';
import { formatCount, formatDateTime, formatLatency, plural } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { TraceSummary } from '@/server/contracts/traces';
import { traceExportUrl } from '../api/trace-export-url';
import { serviceNames } from '../lib/service-name';
import styles from './trace.module.css';

/** The trace's head: what started it, its id, its figures, Export and the ways out. */
export function TraceHeader({ summary }: { summary: TraceSummary }) {
  const services = serviceNames(summary.services);
  return (
    <header className={styles.header}>
      <div className={styles.headerText}>
        <Link href={routes.traces()} className={styles.back}>
          <ArrowLeft size={14} aria-hidden />
          Traces
        </Link>
        <h1 className={styles.title}>
          {summary.rootType ?? 'Trace without a root'}
          {summary.inProgress ? (
            <Badge tone="degraded">in progress</Badge>
          ) : summary.deadLetters > 0 ? (
            <Badge tone="failing">dead letters</Badge>
          ) : summary.failures > 0 ? (
            <Badge tone="degraded">retried</Badge>
          ) : (
            <Badge tone="ok">ok</Badge>
          )}
        </h1>
        <p className={styles.idLine}>
          <span className={styles.mono}>{summary.correlationId}</span>
          <CopyButton value={summary.correlationId} label="Copy correlation id" />
        </p>
      </div>
      <div className={styles.headerActions}>
        <ButtonLink
          size="sm"
          href={routes.events({ mode: 'history', order: 'asc', correlationId: summary.correlationId })}
        >
          <ListFilter size={14} aria-hidden />
          Events in History
        </ButtonLink>
        {/* a file download, not a page: a plain anchor */}
        <a className={styles.exportLink} href={traceExportUrl(summary.correlationId)} download>
          <Download size={14} aria-hidden />
          Export JSON
        </a>
      </div>
      <dl className={styles.figures} aria-label="Trace summary">
        <div>
          <dt>Started</dt>
          <dd title={formatDateTime(summary.start)}>
            <RelativeTime value={summary.start} />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatLatency(summary.durationMs)}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{formatCount(summary.events)}</dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd title={services.join(', ')}>{formatCount(services.length)}</dd>
        </div>
        <div>
          <dt>Failures</dt>
          <dd data-tone={summary.failures > 0 ? 'failing' : undefined}>{formatCount(summary.failures)}</dd>
        </div>
        <div>
          <dt>Dead letters</dt>
          <dd data-tone={summary.deadLetters > 0 ? 'failing' : undefined}>
            {formatCount(summary.deadLetters)}
          </dd>
        </div>
        <div>
          <dt>Replays</dt>
          <dd data-tone={summary.replays > 0 ? 'replayed' : undefined}>{formatCount(summary.replays)}</dd>
        </div>
      </dl>
      <p className={styles.servicesLine}>
        {plural(services.length, 'service')}: {services.join(', ') || 'none recorded'} ·{' '}
        {plural(summary.topics.length, 'topic')}: {summary.topics.join(', ') || 'none'}
      </p>
    </header>
  );
}
