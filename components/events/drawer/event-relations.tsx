import { ArrowDownRight, ArrowUpLeft, ListFilter, Waypoints } from 'lucide-react';
import Link from 'next/link';
import { formatCount, plural } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { RelativeTime } from '@/components/ui/relative-time';
import type { EventDetail, EventListItem } from '@/server/contracts/events';
import { EMPTY_FILTERS, type EventsUrlState } from '../lib/url-state';
import styles from './drawer.module.css';

interface EventRelationsProps {
  event: EventDetail;
  hrefWith(change: Partial<EventsUrlState>): string;
}

/** Where the event came from, what it caused, and the rest of its correlation. */
export function EventRelations({ event, hrefWith }: EventRelationsProps) {
  const { links, cause, caused } = event;
  return (
    <div className={styles.relations}>
      <div className={styles.relation}>
        <h4 className={styles.relationTitle}>
          <ArrowUpLeft size={14} aria-hidden />
          Caused by
        </h4>
        {cause ? (
          <EventLink item={cause} href={hrefWith({ eventId: cause.id })} name={`Open cause: ${cause.type}`} />
        ) : links.causedBy ? (
          <p className={styles.muted}>
            <span className={styles.mono}>{links.causedBy}</span>, which is not recorded.
          </p>
        ) : (
          <p className={styles.muted}>Nothing: this event has no causation id.</p>
        )}
      </div>

      <div className={styles.relation}>
        <h4 className={styles.relationTitle}>
          <ArrowDownRight size={14} aria-hidden />
          Caused ({formatCount(links.causes.length)}
          {links.causesTruncated ? '+' : ''})
        </h4>
        {caused.length > 0 ? (
          <ul className={styles.linkList}>
            {caused.map((item) => (
              <li key={`${item.source}/${item.id}`}>
                <EventLink
                  item={item}
                  href={hrefWith({ eventId: item.id })}
                  name={`Open caused event: ${item.type}`}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className={styles.muted}>
            {links.causes.length > 0 ? 'Not recorded yet.' : 'No recorded event names this one as its cause.'}
          </p>
        )}
        {links.causesTruncated ? (
          <p className={styles.muted}>The first {formatCount(caused.length)} are listed.</p>
        ) : null}
      </div>

      {event.correlationId ? (
        <Link className={styles.linkButton} href={routes.trace(event.correlationId)}>
          <Waypoints size={14} aria-hidden />
          Open trace
        </Link>
      ) : null}
      {event.correlationId ? (
        <Link
          className={styles.linkButton}
          scroll={false}
          href={hrefWith({
            mode: 'history',
            filters: { ...EMPTY_FILTERS, correlationId: event.correlationId },
          })}
        >
          <ListFilter size={14} aria-hidden />
          {links.sameCorrelationCount === 1
            ? '1 event with this correlation id'
            : `All ${plural(links.sameCorrelationCount, 'event')} with this correlation id`}
        </Link>
      ) : null}
    </div>
  );
}

function EventLink({ item, href, name }: { item: EventListItem; href: string; name: string }) {
  return (
    <Link href={href} scroll={false} className={styles.eventLink} aria-label={name}>
      <span className={styles.eventLinkType}>{item.type || 'foreign entry'}</span>
      <span className={styles.eventLinkMeta}>
        {item.topic} · {item.source} · <RelativeTime value={item.time} />
      </span>
    </Link>
  );
}
