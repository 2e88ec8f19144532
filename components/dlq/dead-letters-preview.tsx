'use client';

import { Inbox } from 'lucide-react';
import { useRecorded } from '@/components/lib/api/get-recorded';
import { plural } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';
import { PageLoading } from '@/components/ui/page-loading';

/** The command that works today, until the console can browse and replay (server/cli/dlq.ts). */
export const DLQ_COMMAND = 'npm run eventlens -- dlq list';
const ICON = <Inbox size={20} strokeWidth={1.75} aria-hidden />;

/**
 * The Dead letters page until its list and replay land: how many are recorded (the Overview's
 * figure) and the command line that lists, shows, replays and discards them now. The demo hint only
 * while EventLens has seen nothing at all.
 */
export function DeadLettersPreview() {
  const { data: recorded, isPending, isError } = useRecorded();
  if (isPending) return <PageLoading label="Loading dead letters" />;
  if (isError || !recorded.anything) {
    return (
      <FirstRunState
        icon={ICON}
        title="No dead letters recorded yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic; its services fail a share of events on
            purpose.
          </>
        }
      >
        <p>
          When a handler gives up on an event, or an entry cannot be decoded, it lands here with its error and
          attempt history.
        </p>
      </FirstRunState>
    );
  }
  if (recorded.deadLetters === 0) {
    return (
      <EmptyState icon={ICON} title="No dead letters">
        <p>
          Events are flowing and none has run out of retries or failed validation. When one does, it is
          counted here and on the Overview.
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={ICON}
      title={`${plural(recorded.deadLetters, 'dead letter')} waiting`}
      command={DLQ_COMMAND}
      action={
        <ButtonLink href={routes.streams()} variant="secondary" size="sm">
          Dead letters per topic in Streams
        </ButtonLink>
      }
    >
      <p>
        Browsing them here, with each one&apos;s error and attempts, and replaying or discarding them from the
        console is coming. Today the <code>eventlens</code> command line lists them; <code>dlq show</code>,{' '}
        <code>dlq replay</code> and <code>dlq discard</code> take the ids it prints.
      </p>
    </EmptyState>
  );
}
