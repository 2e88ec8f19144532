import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AggregatesView } from '@/components/aggregates/aggregates-view';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';

export const metadata: Metadata = { title: 'Aggregates' };

export default function AggregatesPage() {
  return (
    <>
      <PageHeader
        title="Aggregates"
        description="Event-sourced aggregates: who writes them, their conflicts, and each one's state at any version."
      />
      {/* the lookup reads its type, id and version from the URL (useSearchParams) */}
      <Suspense fallback={<PageLoading label="Loading aggregates" />}>
        <AggregatesView />
      </Suspense>
    </>
  );
}
