'use client';

import { RotateCw } from 'lucide-react';
import Link from 'next/link';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount, formatDateTime } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { DrawerSection, DrawerShell } from '@/components/ui/drawer-shell';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import { useDeadLetter } from '../api/get-dead-letter';
import { CATEGORY_TONE } from '../category-badges';
import { STATUS_TONE } from '../letters-list';
import { AttemptsTimeline } from './attempts-timeline';
import { CodeBlock, MaskedNote } from './code-block';
import styles from './drawer.module.css';

interface LetterDrawerProps {
  letterId: string;
  onClose(): void;
  /** Opens the replay dialog for this letter (absent for a role that may not replay). */
  onReplay?: () => void;
  onDiscard?: () => void;
  onOpenJob(jobId: string): void;
}

/**
 * One dead letter beside the list: the whole error and stack, the attempts on a timeline, the entry as
 * written, the decoded envelope and data (masked for the caller, and marked so), what happened to it,
 * and links to its event, its correlation chain and the replays that included it. Non-modal.
 */
export function LetterDrawer({ letterId, onClose, onReplay, onDiscard, onOpenJob }: LetterDrawerProps) {
  const { data: letter, error, isPending, isError, refetch, isFetching } = useDeadLetter(letterId);

  const notFound = error instanceof ApiRequestError && error.status === 404;
  const title = letter
    ? (letter.eventType ?? 'Foreign entry')
    : isPending
      ? 'Loading dead letter…'
      : notFound
        ? 'Dead letter not found'
        : 'Dead letter';
  return (
    <DrawerShell
      kicker="Dead letter"
      title={title}
      meta={
        letter ? (
          <>
            {letter.topic} · {letter.group} · <RelativeTime value={letter.lastFailureAt} />{' '}
            <Badge tone={STATUS_TONE[letter.status]}>{letter.status}</Badge>{' '}
            <Badge tone={CATEGORY_TONE[letter.category]}>{letter.category}</Badge>
          </>
        ) : null
      }
      actions={
        <>
          {letter && onReplay && letter.status === 'pending' ? (
            <Button size="sm" variant="primary" onClick={onReplay}>
              Replay…
            </Button>
          ) : null}
          {letter && onDiscard && letter.status === 'pending' ? (
            <Button size="sm" onClick={onDiscard}>
              Discard…
            </Button>
          ) : null}
        </>
      }
      closeLabel="Close dead letter"
      onClose={onClose}
      focusKey={letterId}
      keepOpenOnEscape={dialogAbove}
    >
      {isPending ? (
        <div aria-busy="true" aria-label="Loading dead letter" className={styles.skeleton}>
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} width={`${40 + ((i * 23) % 50)}%`} />
          ))}
        </div>
      ) : null}
      {isError && !letter ? (
        <div role="alert" className={styles.alert}>
          <p>
            {notFound
              ? 'No dead letter has this id: it may have been removed by retention.'
              : `Could not load the dead letter: ${error.message}`}
          </p>
          <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
            <RotateCw size={14} aria-hidden />
            Retry
          </Button>
        </div>
      ) : null}
      {letter ? (
        <>
          <DrawerSection title="Error">
            <p className={styles.errorLine}>
              <strong className={styles.errorName}>{letter.errorName}</strong>
              <span className={styles.errorMessage}>{letter.errorMessage}</span>
            </p>
            {letter.failedAfterReplay ? (
              <p className={styles.replayedNote}>This event was replayed before and failed again.</p>
            ) : null}
            {letter.errorStack ? (
              <pre className={styles.stack} aria-label="Stack trace" tabIndex={0}>
                {letter.errorStack}
              </pre>
            ) : (
              <p className={styles.muted}>No stack trace was recorded.</p>
            )}
          </DrawerSection>
          <DrawerSection title={`Attempts (${formatCount(letter.attempts.length)})`}>
            <AttemptsTimeline
              attempts={letter.attempts}
              firstAt={letter.firstFailureAt}
              lastAt={letter.lastFailureAt}
            />
          </DrawerSection>
          <DrawerSection title="Links">
            <ul className={styles.links}>
              {letter.eventId && letter.eventRecorded ? (
                <li>
                  <Link href={routes.events({ mode: 'history', event: letter.eventId })}>
                    The event in History
                  </Link>
                </li>
              ) : null}
              {letter.correlationId ? (
                <li>
                  <Link href={routes.trace(letter.correlationId)}>Its correlation chain</Link>{' '}
                  <span className={styles.mono}>{letter.correlationId}</span>{' '}
                  <Link
                    className={styles.muted}
                    href={routes.events({
                      mode: 'history',
                      order: 'asc',
                      correlationId: letter.correlationId,
                    })}
                  >
                    (its events in History)
                  </Link>
                </li>
              ) : null}
              {letter.replays.map((replay) => (
                <li key={replay.jobId}>
                  <button type="button" className={styles.linkish} onClick={() => onOpenJob(replay.jobId)}>
                    Replay job {replay.jobId}
                  </button>{' '}
                  <span className={styles.muted}>
                    {replay.state}
                    {replay.at ? ` · ${formatDateTime(replay.at)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </DrawerSection>
          {letter.envelope ? (
            <DrawerSection title="Envelope" aside={<MaskedNote masked={letter.masked} />}>
              <CodeBlock label="Decoded envelope" text={JSON.stringify(letter.envelope, null, 2)} />
            </DrawerSection>
          ) : null}
          {letter.data ? (
            <DrawerSection title="Data" aside={<MaskedNote masked={letter.data.masked} />}>
              <CodeBlock label="Event data" text={prettyJson(letter.data.text)} />
              {letter.data.truncated ? (
                <p className={styles.muted}>
                  The start of {formatCount(letter.data.sizeBytes)} bytes; the rest is in the event in
                  History.
                </p>
              ) : null}
            </DrawerSection>
          ) : null}
          <DrawerSection
            title="Raw entry"
            aside={<CopyButton value={JSON.stringify(letter.raw, null, 2)} label="Copy raw entry" />}
          >
            <p className={styles.muted}>
              Entry <span className={styles.mono}>{letter.entryId}</span>
            </p>
            <CodeBlock label="Raw entry fields" text={JSON.stringify(letter.raw, null, 2)} />
          </DrawerSection>
          <DrawerSection title={`History (${formatCount(letter.history.length)})`}>
            {letter.history.length === 0 ? (
              <p className={styles.muted}>Nothing has been done with this letter yet.</p>
            ) : (
              <ol className={styles.history}>
                {letter.history.map((item, i) => (
                  <li key={`${item.at}-${i}`}>
                    <span className={styles.mono}>{formatDateTime(item.at)}</span>{' '}
                    <strong>{item.action}</strong> by {item.actor}
                    {item.detail ? <span className={styles.muted}> · {item.detail}</span> : null}
                  </li>
                ))}
              </ol>
            )}
          </DrawerSection>
        </>
      ) : null}
    </DrawerShell>
  );
}

/** A dialog above the drawer (replay, discard) takes Escape. */
function dialogAbove(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text; // a cut preview is not JSON: shown as it came
  }
}
