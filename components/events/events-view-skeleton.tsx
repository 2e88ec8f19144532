import { Skeleton } from '@/components/ui/skeleton';
import { EventListSkeleton } from './event-list';
import styles from './events-view.module.css';

/** The page's shape while its URL state is read (the Suspense fallback of the Events page). */
export function EventsViewSkeleton() {
  return (
    <div className={styles.view} aria-busy="true" aria-label="Loading events">
      <Skeleton width={180} height={30} />
      <Skeleton height={92} />
      <EventListSkeleton label="Loading events" />
    </div>
  );
}
