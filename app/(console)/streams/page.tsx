import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { StreamsPageSkeleton } from '@/components/streams/streams-skeleton';
import { StreamsView } from '@/components/streams/streams-view';

export const metadata: Metadata = { title: 'Streams' };

export default function StreamsPage() {
  return (
    <>
      <PageHeader
        title="Streams"
        description="Each topic's Redis stream and the consumer groups reading it, as Redis holds them now: lag, pending entries, and the consumers that hold them."
      />
      {/* the view reads its filter and expanded group from the URL */}
      <Suspense fallback={<StreamsPageSkeleton />}>
        <StreamsView />
      </Suspense>
    </>
  );
}
