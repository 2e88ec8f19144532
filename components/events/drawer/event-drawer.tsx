'use client';

import { RotateCw } from 'lucide-react';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DrawerSection, DrawerShell } from '@/components/ui/drawer-shell';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import type { EventDetail } from '@/server/contracts/events';
import { eventPayloadUrl } from '../api/event-payload-url';
import { useEvent } from '../api/get-event';
import type { EventsUrlState } from '../lib/url-state';
import { CopyTextButton } from './copy-text-button';
import { EventDeliveries } from './event-deliveries';
import { EventFailures } from './event-failures';
import { EventEnvelope } from './event-envelope';
import { EventPayload } from './event-payload';
import { EventRelations } from './event-relations';
import styles from './drawer.module.css';

interface EventDrawerProps {
  eventId: string;
  hrefWith(change: Partial<EventsUrlState>): string;
  onClose(): void;
}

/**
 * The event open in the page's URL (`?event=`), in a side panel beside the list: its envelope, its
 * payload (whole, or its start with a download when large), where it came from and what it caused. Non-modal: the list stays usable, Escape or
 * the close button closes it.
 */
export function EventDrawer({ eventId, hrefWith, onClose }: EventDrawerProps) {
  const { data: event, error, isPending, isError, refetch, isFetching } = useEvent(eventId);

  const notFound = error instanceof ApiRequestError && error.status === 404;
  const title = event?.type || (isPending ? 'Loading event…' : notFound ? 'Event not found' : 'Event');
  return (
    <DrawerShell
      kicker="Event"
      title={title}
      meta={
        event ? (
          <>
            {event.topic} · <RelativeTime value={event.time} />
            {event.foreign ? (
              <>
                {' '}
                <Badge>foreign</Badge>
              </>
            ) : null}
          </>
        ) : (
          <span className={styles.mono}>{eventId}</span>
        )
      }
      actions={
        event ? (
          <CopyTextButton value={() => JSON.stringify(eventJson(event), null, 2)}>Copy JSON</CopyTextButton>
        ) : null
      }
      closeLabel="Close event"
      onClose={onClose}
      focusKey={eventId}
      keepOpenOnEscape={escapeInFilterInput}
    >
      {isPending ? <DrawerSkeleton /> : null}
      {isError && !event ? (
        <div role="alert" className={styles.alert}>
          <p>{describeError(error)}</p>
          <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
            <RotateCw size={14} aria-hidden />
            Retry
          </Button>
        </div>
      ) : null}
      {event ? (
        <>
          {event.decodeError ? (
            <div role="alert" className={styles.alert} data-tone="failing">
              <p>
                <strong>Could not be decoded:</strong> {event.decodeError}
              </p>
            </div>
          ) : null}
          <DrawerSection title="Envelope">
            <EventEnvelope event={event} />
          </DrawerSection>
          <DrawerSection title="Related">
            <EventRelations event={event} hrefWith={hrefWith} />
          </DrawerSection>
          {event.data === null || event.data.text === 'null' ? (
            <DrawerSection title="Data">
              <p className={styles.muted}>This event carries no data.</p>
            </DrawerSection>
          ) : (
            <EventPayload
              key={event.id}
              title="Data"
              preview={event.data}
              label="Event data"
              downloadHref={eventPayloadUrl(event, 'data')}
            />
          )}
          {event.rawFields ? (
            <EventPayload
              key={`${event.id}-raw`}
              title="Raw fields"
              preview={event.rawFields}
              label="Raw stream entry fields"
              downloadHref={eventPayloadUrl(event, 'rawFields')}
            />
          ) : null}
          <DrawerSection title={`Deliveries (${formatCount(event.deliveries.length)})`}>
            <EventDeliveries deliveries={event.deliveries} />
          </DrawerSection>
          {event.deadLetters && event.deadLetters.length > 0 ? (
            <DrawerSection title={`Dead letters (${formatCount(event.deadLetters.length)})`}>
              <EventFailures letters={event.deadLetters} />
            </DrawerSection>
          ) : null}
        </>
      ) : null}
    </DrawerShell>
  );
}

/** Escape in a filter input is the input's; in the drawer or elsewhere on the page it closes the drawer. */
function escapeInFilterInput(event: KeyboardEvent, panel: HTMLElement | null): boolean {
  const target = event.target as Node | null;
  return target instanceof HTMLInputElement && !panel?.contains(target);
}

/** The event itself, without the lists the API adds around it (links, cause, caused, deliveries). */
function eventJson(event: EventDetail): Omit<EventDetail, 'links' | 'cause' | 'caused' | 'deliveries'> {
  const { links: _links, cause: _cause, caused: _caused, deliveries: _deliveries, ...rest } = event;
  return rest;
}

function describeError(error: unknown): string {
  if (error instanceof ApiRequestError && error.status === 404) {
    return 'No recorded event has this id. The recorder stores events within a second or two, so a live row opened at once may need a retry.';
  }
  if (error instanceof ApiRequestError && error.status === 409) return error.message;
  return `Could not load the event: ${error instanceof Error ? error.message : String(error)}`;
}

function DrawerSkeleton() {
  return (
    <div className={styles.skeleton} aria-busy="true" aria-label="Loading event">
      {Array.from({ length: 9 }, (_, i) => (
        <div key={i} className={styles.skeletonRow}>
          <Skeleton width={90} />
          <Skeleton width={`${45 + ((i * 23) % 45)}%`} />
        </div>
      ))}
    </div>
  );
}
