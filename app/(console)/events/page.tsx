import type { Metadata } from 'next';
import { Suspense } from 'react';
import { EventsView } from '@/components/events/events-view';
import { EventsViewSkeleton } from '@/components/events/events-view-skeleton';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Events' };

export default function EventsPage() {
  return (
    <>
      <PageHeader
        title="Events"
        description="Watch events as they are published, search everything recorded, and open any event to see its payload, its cause and what it caused."
      />
      {/* EventsView reads its filters from the URL (useSearchParams), which Next renders in the browser */}
      <Suspense fallback={<EventsViewSkeleton />}>
        <EventsView />
      </Suspense>
    </>
  );
}
